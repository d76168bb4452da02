import type { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';

const pages = new Map<Type, Type>();

/** The `{ items, nextCursor }` page of a list (one class per item class, named `<Item>PageDto`). */
export function PageOf<T>(item: Type<T>): Type<{ items: T[]; nextCursor: string | null }> {
  const known = pages.get(item);
  if (known) return known as Type<{ items: T[]; nextCursor: string | null }>;
  class Page {
    @ApiProperty({ type: [item] }) items!: T[];
    @ApiProperty({
      type: String,
      nullable: true,
      description: 'Pass as `cursor` for the next page; null on the last one',
    })
    nextCursor!: string | null;
  }
  Object.defineProperty(Page, 'name', { value: `${item.name.replace(/(Dto|View)$/, '')}PageDto` });
  pages.set(item, Page);
  return Page;
}

const lists = new Map<Type, Type>();

/** The `{ items }` of a list that is never paged (one class per item class, named `<Item>ListDto`). */
export function ListOf<T>(item: Type<T>): Type<{ items: T[] }> {
  const known = lists.get(item);
  if (known) return known as Type<{ items: T[] }>;
  class List {
    @ApiProperty({ type: [item] }) items!: T[];
  }
  Object.defineProperty(List, 'name', { value: `${item.name.replace(/(Dto|View)$/, '')}ListDto` });
  lists.set(item, List);
  return List;
}
