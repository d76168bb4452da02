import { Injectable } from '@nestjs/common';
import type { Tx } from '../unit-of-work';

/** A file's content, addressed by its SHA-256 (`attachment_blob`). */
export interface BlobInput {
  sha256: string;
  mediaType: string;
  bytes: Buffer;
}

/** Stores the content once, addressed by its SHA-256 (immutable; a second upload of the same bytes is a no-op). */
export async function storeAttachmentBlob(tx: Tx, blob: BlobInput): Promise<void> {
  await tx.query(
    `INSERT INTO attachment_blob (sha256, media_type, size, bytes) VALUES ($1, $2, $3, $4)
     ON CONFLICT (sha256) DO NOTHING`,
    [blob.sha256, blob.mediaType, blob.bytes.length, blob.bytes],
  );
}

/**
 * Attachments (SPEC S5): content-addressed blobs in PostgreSQL, and which proposal each was uploaded to
 * (`proposal_attachment`); a submitted version refers to its files by hash.
 */
@Injectable()
export class AttachmentRepository {
  storeBlob(tx: Tx, blob: BlobInput): Promise<void> {
    return storeAttachmentBlob(tx, blob);
  }

  async attachToProposal(tx: Tx, proposalId: string, sha256: string, uploadedBy: string): Promise<void> {
    await tx.query(
      `INSERT INTO proposal_attachment (proposal_id, sha256, uploaded_by) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING`,
      [proposalId, sha256, uploadedBy],
    );
  }

  /** A proposal's attachment: its media type and bytes, or null. */
  async ofProposal(tx: Tx, proposalId: string, sha256: string): Promise<{ mediaType: string; bytes: Buffer } | null> {
    const rows: Array<{ media_type: string; bytes: Buffer }> = await tx.query(
      `SELECT b.media_type, b.bytes FROM proposal_attachment a JOIN attachment_blob b ON b.sha256 = a.sha256
        WHERE a.proposal_id = $1 AND a.sha256 = $2`,
      [proposalId, sha256],
    );
    return rows[0] ? { mediaType: rows[0].media_type, bytes: rows[0].bytes } : null;
  }

  /** Which of these hashes are attached to the proposal. */
  async attachedOf(tx: Tx, proposalId: string, hashes: string[]): Promise<string[]> {
    if (hashes.length === 0) return [];
    const rows: Array<{ sha256: string }> = await tx.query(
      'SELECT sha256 FROM proposal_attachment WHERE proposal_id = $1 AND sha256 = ANY($2)',
      [proposalId, hashes],
    );
    return rows.map((r) => r.sha256);
  }
}
