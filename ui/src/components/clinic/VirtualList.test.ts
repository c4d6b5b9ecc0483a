// The windowed list: a clinic-sized count draws a handful of rows, scrolling draws later
// ones, pages are fetched as they come into view, and a new query drops stale pages.
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { createRawSnippet } from "svelte";
import { describe, expect, it } from "vitest";
import VirtualList from "./VirtualList.svelte";

const rowSnippet = createRawSnippet((item: () => string, index: () => number) => ({
  render: () => `<a href="#/x/${index()}" data-testid="vl-link">${item()}</a>`,
}));

const viewport = () => document.querySelector<HTMLElement>(".vl-viewport")!;

async function scrollTo(top: number) {
  viewport().scrollTop = top;
  await fireEvent.scroll(viewport());
}

describe("VirtualList", () => {
  it("draws fewer than 200 rows of a 100,000-row list and later rows after a scroll", async () => {
    const asked: number[] = [];
    const load = async (offset: number, limit: number) => {
      asked.push(offset);
      return Array.from({ length: limit }, (_, k) => `Session ${offset + k + 1}`);
    };
    render(VirtualList<string>, {
      props: { count: 100_000, load, rowHeight: 40, viewportHeight: 400, label: "Sessions", row: rowSnippet },
    });
    await screen.findByText("Session 1");
    expect(screen.getAllByRole("listitem").length).toBeLessThan(200);
    expect(screen.getByRole("list", { name: "Sessions" })).toBeInTheDocument();
    const first = screen.getAllByRole("listitem")[0];
    expect(first).toHaveAttribute("aria-setsize", "100000");
    expect(first).toHaveAttribute("aria-posinset", "1");

    await scrollTo(40 * 50_000);
    await screen.findByText("Session 50001");
    expect(screen.queryByText("Session 1")).toBeNull();
    expect(screen.getAllByRole("listitem").length).toBeLessThan(200);
    expect(asked).toEqual([0, 49_800, 50_000]);
  });

  it("keeps the DOM small even when the view is very tall", () => {
    const items = Array.from({ length: 5000 }, (_, i) => `Row ${i}`);
    render(VirtualList<string>, {
      props: { count: items.length, items, rowHeight: 10, viewportHeight: 50_000, label: "Rows", row: rowSnippet },
    });
    expect(screen.getAllByRole("listitem").length).toBeLessThanOrEqual(100);
  });

  it("scrolls with Home, End and PageDown on the focused list, and moves between rows with the arrows", async () => {
    const items = Array.from({ length: 1000 }, (_, i) => `Row ${i}`);
    render(VirtualList<string>, {
      props: { count: items.length, items, rowHeight: 20, viewportHeight: 200, label: "Rows", row: rowSnippet },
    });
    const v = viewport();
    expect(v.tabIndex).toBe(0);
    await fireEvent.keyDown(v, { key: "End" });
    expect(await screen.findByText("Row 999")).toBeInTheDocument();
    await fireEvent.keyDown(v, { key: "Home" });
    expect(await screen.findByText("Row 0")).toBeInTheDocument();
    await fireEvent.keyDown(v, { key: "PageDown" });
    expect(v.scrollTop).toBe(180);

    await fireEvent.keyDown(v, { key: "Home" });
    const link = screen.getByText("Row 9");
    link.focus();
    await fireEvent.keyDown(link, { key: "ArrowDown" });
    await waitFor(() => expect(document.activeElement).toHaveTextContent("Row 10"));
    // Row 10 was below the view: the list scrolled to show it.
    expect(v.scrollTop).toBe(20);
  });

  it("is a table with row indexes when given columns", async () => {
    const columns = createRawSnippet(() => ({ render: () => `<span role="columnheader">Name</span>` }));
    render(VirtualList<string>, {
      props: { count: 3, items: ["A", "B", "C"], rowHeight: 20, label: "People", columns, row: rowSnippet },
    });
    const table = screen.getByRole("table", { name: "People" });
    expect(table).toHaveAttribute("aria-rowcount", "4");
    const rows = screen.getAllByRole("row");
    expect(rows.map((r) => r.getAttribute("aria-rowindex"))).toEqual(["1", "2", "3", "4"]);
  });

  it("drops pages of an older query and goes back to the top when the source changes", async () => {
    let release: (rows: string[]) => void = () => {};
    const slow = () => new Promise<string[]>((resolve) => (release = resolve));
    const fresh = async (offset: number, limit: number) =>
      Array.from({ length: limit }, (_, k) => `New ${offset + k}`);
    const { rerender } = render(VirtualList<string>, {
      props: { count: 100, load: slow, rowHeight: 20, viewportHeight: 100, label: "Rows", row: rowSnippet },
    });
    await scrollTo(500);
    await rerender({ count: 100, load: fresh, rowHeight: 20, viewportHeight: 100, label: "Rows", row: rowSnippet });
    // A new query starts at the top.
    await screen.findByText("New 0");
    expect(viewport().scrollTop).toBe(0);
    release(["Old 0"]);
    await new Promise((r) => setTimeout(r, 0));
    expect(screen.queryByText("Old 0")).toBeNull();
  });
});
