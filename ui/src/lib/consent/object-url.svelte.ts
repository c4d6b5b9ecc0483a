// An object URL for a picture held in memory (a consent's signature or scan, a chosen file's
// preview), made while a component wants it and revoked when the picture changes or the
// component goes, as the photo URLs are (photos/photo-url.svelte.ts). Nothing is written.
export class ObjectUrl {
  url = $state<string | null>(null);

  /** `blob` says which picture (or null: none); read in an effect. */
  constructor(blob: () => Blob | null) {
    $effect(() => {
      const b = blob();
      if (!b) return;
      const url = URL.createObjectURL(b);
      this.url = url;
      return () => {
        URL.revokeObjectURL(url);
        this.url = null;
      };
    });
  }
}

/** Bytes as a picture of `type`, for an ObjectUrl. */
export const bytesBlob = (bytes: number[] | Uint8Array, type: string) =>
  new Blob([Uint8Array.from(bytes)], { type });
