import { Anchor, Button, NavLink, type AnchorProps, type ButtonProps, type NavLinkProps } from '@mantine/core';
import { createLink } from '@tanstack/react-router';
import { forwardRef, type ComponentPropsWithoutRef } from 'react';

// Mantine's polymorphic components fixed to <a>, so that the router's createLink keeps their props.
const MantineAnchor = forwardRef<HTMLAnchorElement, AnchorProps & ComponentPropsWithoutRef<'a'>>((props, ref) => (
  <Anchor component="a" ref={ref} {...props} />
));
const MantineButtonAnchor = forwardRef<HTMLAnchorElement, ButtonProps & ComponentPropsWithoutRef<'a'>>((props, ref) => (
  <Button component="a" ref={ref} {...props} />
));
// Filled when active: the light variant's blue on pale blue is below 4.5:1.
const MantineNavLink = forwardRef<
  HTMLAnchorElement,
  NavLinkProps & Omit<ComponentPropsWithoutRef<'a'>, keyof NavLinkProps>
>((props, ref) => <NavLink component="a" ref={ref} variant="filled" {...props} />);

/** Router links that look like Mantine anchors, buttons and navigation entries. */
export const AnchorLink = createLink(MantineAnchor);
export const ButtonLink = createLink(MantineButtonAnchor);
export const NavLinkLink = createLink(MantineNavLink);
