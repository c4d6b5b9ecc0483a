// The three Backend implementations stay in step: the Tauri commands, the API the components
// call (which watches replies for the lock), and the memory backend offer the same methods;
// and the encryption commands send the names and arguments the Rust commands take.
import { beforeEach, describe, expect, it, vi } from "vitest";

const invoke = vi.fn();
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...args) }));

const { tauriBackend } = await import("./tauri");
const { api } = await import("./index");
const { createMemoryBackend } = await import("./memory");

describe("backends", () => {
  beforeEach(() => {
    invoke.mockReset();
  });

  it("offer the same methods", () => {
    const names = (o: object) => Object.keys(o).sort();
    const memoryOnly = ["restart"];
    expect(names(api)).toEqual(names(tauriBackend));
    expect(names(createMemoryBackend()).filter((n) => !memoryOnly.includes(n))).toEqual(names(tauriBackend));
  });

  it("call the encryption commands with their arguments", async () => {
    invoke.mockResolvedValue(null);
    await tauriBackend.unlockWithRecoveryKey("7KQ2-M9XD");
    await tauriBackend.takeRecoveryKey();
    await tauriBackend.newRecoveryKey("secret");
    await tauriBackend.getEncryptionStatus();
    expect(invoke.mock.calls).toEqual([
      ["unlock_with_recovery_key", { recoveryKey: "7KQ2-M9XD" }],
      ["take_recovery_key", undefined],
      ["new_recovery_key", { password: "secret" }],
      ["get_encryption_status", undefined],
    ]);
  });

  it("reject with the command's ApiError as it came", async () => {
    const refused = { code: "Invalid", message: "Some fields need attention.", fields: [{ field: "recovery_key", message: "x" }] };
    invoke.mockRejectedValue(refused);
    const got = await tauriBackend.unlockWithRecoveryKey("x").then(() => null, (e: unknown) => e);
    expect(got).toEqual(refused);
  });
});
