"""The site's wiring above the apps: home page, site search, sitemaps, the office's dashboard, demo
content, upload and media views. It may use every app and every building block; nothing imports it
but the URLs, the admin index and the management commands."""
