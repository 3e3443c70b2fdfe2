"""Debian's Chromium for tests and benchmarks, kept off the network."""

from pathlib import Path

CHROMIUM_PATH = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def launch(pw):
    """A headless Chromium from a Playwright instance."""
    return pw.chromium.launch(executable_path=str(CHROMIUM_PATH), args=CHROMIUM_ARGS)


def block_network(target, blocked=None):
    """Abort every request of a page or context that is not file:; log it in ``blocked``."""

    def route(r):
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            if blocked is not None:
                blocked.append(r.request.url)
            r.abort()

    target.route("**/*", route)
    return blocked
