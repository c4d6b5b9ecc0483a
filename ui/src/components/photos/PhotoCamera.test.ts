import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import PhotoCamera from "./PhotoCamera.svelte";
import { cameraProblem } from "../../lib/photos/camera";

function fakeStream() {
  const track = { stop: vi.fn() };
  return { stream: { getTracks: () => [track] } as unknown as MediaStream, track };
}

describe("PhotoCamera", () => {
  let getUserMedia: ReturnType<typeof vi.fn>;

  beforeEach(() => {
    getUserMedia = vi.fn();
    Object.defineProperty(navigator, "mediaDevices", {
      configurable: true,
      value: { getUserMedia },
    });
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("asks for video only, shows the preview, and stops the camera on Stop", async () => {
    const { stream, track } = fakeStream();
    getUserMedia.mockResolvedValue(stream);
    render(PhotoCamera, { busy: false, ontake: vi.fn() });
    await fireEvent.click(screen.getByTestId("photo-camera"));
    await screen.findByTestId("photo-camera-live");
    expect(getUserMedia).toHaveBeenCalledWith(expect.objectContaining({ audio: false }));
    await fireEvent.click(screen.getByTestId("photo-camera-stop"));
    expect(track.stop).toHaveBeenCalled();
    expect(screen.getByTestId("photo-camera")).toBeTruthy();
  });

  it("stops the camera when it leaves the screen", async () => {
    const { stream, track } = fakeStream();
    getUserMedia.mockResolvedValue(stream);
    const view = render(PhotoCamera, { busy: false, ontake: vi.fn() });
    await fireEvent.click(screen.getByTestId("photo-camera"));
    await screen.findByTestId("photo-camera-live");
    view.unmount();
    expect(track.stop).toHaveBeenCalled();
  });

  it("says plainly why the camera did not start", async () => {
    getUserMedia.mockRejectedValue(new DOMException("denied", "NotAllowedError"));
    render(PhotoCamera, { busy: false, ontake: vi.fn() });
    await fireEvent.click(screen.getByTestId("photo-camera"));
    const alert = await screen.findByTestId("photo-camera-error");
    expect(alert.textContent).toContain("not allowed");
    expect(screen.queryByTestId("photo-camera-live")).toBeNull();
  });

  it("hands a taken frame to the panel as JPEG bytes", async () => {
    const { stream } = fakeStream();
    getUserMedia.mockResolvedValue(stream);
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xd9]);
    vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockReturnValue({
      drawImage: vi.fn(),
    } as unknown as CanvasRenderingContext2D);
    vi.spyOn(HTMLCanvasElement.prototype, "toBlob").mockImplementation(function (cb, type) {
      expect(type).toBe("image/jpeg");
      cb(new Blob([jpeg], { type: "image/jpeg" }));
    });
    const ontake = vi.fn().mockResolvedValue(undefined);
    render(PhotoCamera, { busy: false, ontake });
    await fireEvent.click(screen.getByTestId("photo-camera"));
    const live = await screen.findByTestId("photo-camera-live");
    const video = live.querySelector("video") as HTMLVideoElement;
    Object.defineProperty(video, "videoWidth", { value: 1920 });
    Object.defineProperty(video, "videoHeight", { value: 1080 });
    await fireEvent.click(screen.getByTestId("photo-camera-take"));
    await waitFor(() => expect(ontake).toHaveBeenCalled());
    expect([...ontake.mock.calls[0][0]]).toEqual([...jpeg]);
  });

  it("names each failure in words", () => {
    expect(cameraProblem(new DOMException("x", "NotFoundError"))).toContain("No camera");
    expect(cameraProblem(new DOMException("x", "NotReadableError"))).toContain("in use");
    expect(cameraProblem("odd")).toContain("could not be started");
  });
});
