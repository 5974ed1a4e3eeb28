/** @jest-environment ./test/taskpane/support/jsdomWithFetch.ts */
/**
 * mountTaskpane (what index.tsx runs once Office is ready): renders the App over the given
 * services and starts the background work; if the services cannot be created, the pane shows
 * a MessageBar saying so and what to do, instead of staying blank.
 */
import { act, screen, within } from "@testing-library/react";
import { mountTaskpane } from "../../src/taskpane/mount";
import { servicesWith } from "../../src/taskpane/createServices";
import { newWorkbook } from "../workbook/fakeExcel";
import { expectNoConsoleErrors, marketStoreFor } from "./support/harness";

expectNoConsoleErrors();

test("renders the App and subscribes the background work; unmount stops it", async () => {
  const market = await marketStoreFor();
  const h = await newWorkbook();
  const container = document.body.appendChild(document.createElement("div"));
  let mounted: Awaited<ReturnType<typeof mountTaskpane>> | undefined;
  await act(async () => {
    mounted = await mountTaskpane(container, async () => servicesWith(market, { run: h.run }));
  });
  // No page heading (Excel's title bar names the add-in); the tabs come first, with Help.
  expect(screen.queryByRole("heading")).toBeNull();
  expect(screen.getByRole("link", { name: "Help" }).getAttribute("href")).toBe(
    new URL("help.html", location.href).href,
  );
  expect(screen.getByRole("tab", { name: "Market" }).getAttribute("aria-selected")).toBe("true");
  // The bootstrap subscribed, and so did the Market panel.
  expect(market.stats().listeners).toBe(2);
  act(() => mounted?.unmount());
  expect(market.stats().listeners).toBe(0);
  market.dispose();
  container.remove();
});

test("when the services cannot be created, a MessageBar says so and what to do", async () => {
  const container = document.body.appendChild(document.createElement("div"));
  let mounted: Awaited<ReturnType<typeof mountTaskpane>> | undefined;
  await act(async () => {
    mounted = await mountTaskpane(container, async () => {
      throw new Error("two PivotLens builds share this page: market store API 2 is not 1; reload the add-in");
    });
  });
  const bar = within(screen.getByRole("region", { name: "Add-in messages" })).getByRole("group", {
    name: "PivotLens could not start",
  });
  expect(bar.textContent).toContain("market store API 2 is not 1");
  expect(bar.textContent).toContain("Next: Close and reopen the task pane; if it keeps failing, restart Excel.");
  expect(within(bar).queryByRole("button")).toBeNull();
  act(() => mounted?.unmount());
  container.remove();
});
