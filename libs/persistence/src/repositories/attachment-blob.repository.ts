import { Injectable } from '@nestjs/common';
import type { Tx } from '../unit-of-work';

/** A file's bytes, addressed by their SHA-256. */
export interface BlobContent {
  sha256: string;
  mediaType: string;
  bytes: Buffer;
}

/** Uploaded files' content (`attachment_blob`): stored once, immutable. */
@Injectable()
export class AttachmentBlobRepository {
  /** Stores the content once (a second upload of the same bytes is a no-op). */
  async store(tx: Tx, file: BlobContent): Promise<void> {
    await tx.query(
      `INSERT INTO attachment_blob (sha256, media_type, size, bytes) VALUES ($1, $2, $3, $4)
       ON CONFLICT (sha256) DO NOTHING`,
      [file.sha256, file.mediaType, file.bytes.length, file.bytes],
    );
  }
}
