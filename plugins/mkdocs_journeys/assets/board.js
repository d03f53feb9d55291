/* mkdocs-journeys: the journey map board (persona filter). */
