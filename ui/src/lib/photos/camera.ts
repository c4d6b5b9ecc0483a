// The camera, for taking a photo straight into a session: open a video-only stream, grab one
// frame as a JPEG, stop every track. Frames stay in the page; only a taken photo leaves it,
// as bytes through addPhoto like a dropped file.
import { readBytes } from "./read-file";

/** A sentence for why the camera could not start. */
export function cameraProblem(e: unknown): string {
  const name = e instanceof DOMException || e instanceof Error ? e.name : "";
  switch (name) {
    case "NotAllowedError":
    case "SecurityError":
      return "The camera was not allowed. Check the computer's privacy settings, or add photos from files.";
    case "NotFoundError":
    case "OverconstrainedError":
      return "No camera was found on this computer. Add photos from files instead.";
    case "NotReadableError":
      return "The camera is in use by another program. Close it and try again.";
    default:
      return "The camera could not be started. Add photos from files instead.";
  }
}

/** True when this webview offers camera capture at all. */
export function cameraSupported(): boolean {
  return typeof navigator !== "undefined" && !!navigator.mediaDevices?.getUserMedia;
}

/** A video-only stream from the default camera, as large as it offers up to 4K. */
export function openCamera(): Promise<MediaStream> {
  return navigator.mediaDevices.getUserMedia({
    audio: false,
    video: { width: { ideal: 3840 }, height: { ideal: 2160 } },
  });
}

/** Stops every track, so the camera light goes off. */
export function closeCamera(stream: MediaStream | null): void {
  stream?.getTracks().forEach((t) => t.stop());
}

/** The video's current frame as JPEG bytes (quality 0.95), at the camera's full size. */
export async function grabFrame(video: HTMLVideoElement): Promise<Uint8Array> {
  const canvas = document.createElement("canvas");
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  const ctx = canvas.getContext("2d");
  if (!ctx || !canvas.width || !canvas.height) throw new Error("The camera has not shown a picture yet.");
  ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.95));
  if (!blob) throw new Error("The picture could not be taken.");
  return readBytes(blob);
}
