import { createHash } from 'node:crypto';
import { ValidationProblemException } from '@app/common';
import { ATTACHMENT_MEDIA_TYPES } from '@app/domain';
import { storeAttachmentBlob } from '@app/persistence';

/** A file uploaded as the raw request body (`Content-Type`, `X-File-Name`), with its SHA-256. */
export interface UploadedFile {
  mediaType: string;
  name: string;
  bytes: Buffer;
  sha256: string;
}

/**
 * Reads and checks an upload: an allowed media type, a file name of 1–255 characters without slashes, a
 * non-empty body. Every problem in one 400 (problem+json naming each field).
 */
export function readUploadedFile(
  contentType: string | undefined,
  fileName: string | undefined,
  body: unknown,
): UploadedFile {
  const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
  const errors = [];
  if (!ATTACHMENT_MEDIA_TYPES.includes(mediaType))
    errors.push({
      field: 'Content-Type',
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: `one of ${ATTACHMENT_MEDIA_TYPES.join(', ')}`,
      params: { allowed: [...ATTACHMENT_MEDIA_TYPES] },
    });
  const name = fileName ? decodeURIComponent(fileName).trim() : '';
  if (!name || name.length > 255 || /[\\/\0]/.test(name))
    errors.push({
      field: 'X-File-Name',
      code: 'INVALID_FILE_NAME',
      message: 'a file name of 1–255 characters without slashes',
    });
  const bytes = Buffer.isBuffer(body) ? body : undefined;
  if (!bytes || bytes.length === 0)
    errors.push({ field: 'body', code: 'EMPTY_FILE', message: 'the file content is required' });
  if (errors.length) throw new ValidationProblemException(errors);
  return { mediaType, name, bytes: bytes!, sha256: createHash('sha256').update(bytes!).digest('hex') };
}

/** Stores the content once, addressed by its SHA-256 (`AttachmentRepository.storeBlob`). */
export const storeBlob = storeAttachmentBlob;
