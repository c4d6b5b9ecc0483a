// Checks a form as it is being filled in: each change schedules a check after a short pause
// (typing a depth digit by digit asks once), and a reply to anything but the latest request
// is dropped, so an old answer never overwrites a newer one.
import type { Finding } from "../bindings/Finding";
import type { SessionInput } from "../bindings/SessionInput";

export class LiveCheck {
  findings = $state<Finding[]>([]);
  /** Whether any check has answered yet (before that, "nothing found" would be a guess). */
  checked = $state(false);
  #seq = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly check: (input: SessionInput) => Promise<Finding[]>,
    /** Called with the previous and new findings after each accepted reply. */
    private readonly onresult: (before: Finding[], after: Finding[]) => void = () => {},
    private readonly delayMs = 250,
  ) {}

  /** Checks `input` after the pause, unless another change comes first. */
  schedule(input: SessionInput): void {
    const seq = this.#next();
    this.#timer = setTimeout(() => void this.#run(input, seq), this.delayMs);
  }

  /** Checks `input` at once (after a refused save, so findings and errors agree). */
  now(input: SessionInput): Promise<void> {
    return this.#run(input, this.#next());
  }

  /** Forgets pending work (the form is closing). */
  stop(): void {
    this.#next();
  }

  #next(): number {
    clearTimeout(this.#timer);
    return ++this.#seq;
  }

  async #run(input: SessionInput, seq: number) {
    let found: Finding[];
    try {
      found = await this.check(input);
    } catch {
      // A check that fails (database busy) leaves the last findings; the save judges anyway.
      return;
    }
    if (seq !== this.#seq) return;
    const before = this.findings;
    this.findings = found;
    this.checked = true;
    this.onresult(before, found);
  }
}
