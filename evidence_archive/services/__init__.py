"""Plain functions that change the archive; views, the API and the CLI call them."""
