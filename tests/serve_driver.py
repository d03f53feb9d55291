"""Builds a site the way `mkdocs serve` does, rebuilding on request, so a test decides when.

    python serve_driver.py MKDOCS_YML SITE_DIR SERVE_URL   # builds, then one rebuild per 'rebuild' line on stdin

`mkdocs serve` calls the startup event once with 'serve', builds with its serve URL as `site_url`, and
for each change loads the configuration again and builds into the same folder, keeping the plugin
objects: exactly these steps, without the HTTP server and the file watcher (whose timing a test
cannot control). Prints 'built reused=N' (generated pages taken from the last build) or 'failed ...'.
"""

from __future__ import annotations

import logging
import sys

from mkdocs.commands.build import build
from mkdocs.config import load_config


def main() -> int:
    config_file, site_dir, url = sys.argv[1:4]
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")

    def get_config():
        config = load_config(config_file, site_dir=site_dir)
        config.site_url = url
        return config

    config = get_config()
    config.plugins.on_startup(command="serve", dirty=False)

    def once(config) -> None:
        try:
            build(config, serve_url=url)
        except BaseException as e:  # serve logs the error and waits for the next change
            print(f"failed {e!r}", flush=True)
            return
        memo = config.plugins["journeys"].memo
        print(f"built reused={memo.reused if memo is not None and memo.reusing else 0}", flush=True)

    once(config)
    for line in sys.stdin:
        if line.strip() == "rebuild":
            once(get_config())
    config.plugins.on_shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
