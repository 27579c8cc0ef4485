"""The public disclosure site (公开网站): pages and data rendered from the public projection only."""
