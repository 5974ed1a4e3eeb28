/** @jest-environment jsdom */
/**
 * The message area of a panel, by role as a user meets it: one message at a time (the newest
 * replaces the last), a one-line title naming the group, the details behind a "Details"
 * disclosure, and an icon button with an accessible name that dismisses it.
 */
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { NoticeList, useNotices, whereWritten, type Notice } from "../../src/taskpane/notices";

function Panel(props: { first: Notice; second: Notice }): JSX.Element {
  const { notices, show, dismiss } = useNotices();
  return (
    <>
      <button onClick={() => show("a", props.first)}>First</button>
      <button onClick={() => show("b", props.second)}>Second</button>
      <NoticeList notices={notices} onDismiss={dismiss} label="Test messages" />
    </>
  );
}

/** The message bars in a region (a <details> disclosure is a group too, but has no name). */
function bars(region: HTMLElement): HTMLElement[] {
  return within(region)
    .queryAllByRole("group")
    .filter((g) => g.getAttribute("aria-labelledby") !== null);
}

const saved: Notice = { intent: "success", title: "Settings saved", body: "They apply now." };
const failed: Notice = {
  intent: "error",
  title: "Refresh failed",
  body: "No source answered.",
  details: ["mempool.space failed: HTTP 500", "Coinbase failed: timed out"],
  next: "Check the network, then refresh again.",
};

test("one message area: the newest message replaces the last, and the icon button dismisses it", async () => {
  const user = userEvent.setup({ delay: null });
  render(
    <FluentProvider theme={webLightTheme}>
      <Panel first={saved} second={failed} />
    </FluentProvider>,
  );
  const region = screen.getByRole("region", { name: "Test messages" });
  expect(region.getAttribute("aria-live")).toBe("polite");
  expect(bars(region)).toHaveLength(0);

  await user.click(screen.getByRole("button", { name: "First" }));
  expect(bars(region)).toHaveLength(1);
  expect(within(region).getByRole("group", { name: "Settings saved" })).toBeTruthy();

  await user.click(screen.getByRole("button", { name: "Second" }));
  expect(bars(region)).toHaveLength(1);
  const bar = within(region).getByRole("group", { name: "Refresh failed" });
  expect(within(region).queryByRole("group", { name: "Settings saved" })).toBeNull();

  // The details are behind a closed disclosure; opening it shows the lines and the next step.
  const disclosure = bar.querySelector("details");
  expect(disclosure).not.toBeNull();
  expect(disclosure?.open).toBe(false);
  await user.click(within(bar).getByText("Details"));
  expect(disclosure?.open).toBe(true);
  expect(
    within(bar)
      .getAllByRole("listitem")
      .map((li) => li.textContent),
  ).toEqual(failed.details);
  expect(within(bar).getByText("Next: Check the network, then refresh again.")).toBeTruthy();

  // Dismiss is an icon button (an svg, no text) with an accessible name.
  const dismiss = within(bar).getByRole("button", { name: "Dismiss: Refresh failed" });
  expect(dismiss.textContent).toBe("");
  expect(dismiss.querySelector("svg")).not.toBeNull();
  await user.click(dismiss);
  expect(bars(region)).toHaveLength(0);
});

test("a message with nothing more to say has no disclosure", async () => {
  const user = userEvent.setup({ delay: null });
  render(
    <FluentProvider theme={webLightTheme}>
      <Panel first={{ intent: "info", title: "Nothing to add", body: "" }} second={saved} />
    </FluentProvider>,
  );
  await user.click(screen.getByRole("button", { name: "First" }));
  const bar = screen.getByRole("group", { name: "Nothing to add" });
  expect(bar.querySelector("details")).toBeNull();
});

test("a write message names the range written, else the sheet", () => {
  expect(whereWritten({ sheetName: "Inputs", address: "Inputs!$A$1:$E$12" })).toBe("Inputs!A1:E12");
  expect(whereWritten({ sheetName: "Deals (PivotLens)", address: "A3:P19" })).toBe("'Deals (PivotLens)'!A3:P19");
  expect(whereWritten({ sheetName: "Comps" })).toBe('sheet "Comps"');
  expect(whereWritten({ sheetName: "Comps", address: " " })).toBe('sheet "Comps"');
});
