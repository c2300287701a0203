"""HTTP plumbing for every page: delivery (ETag, gzip), static files, the page cache, security
headers, error pages, addresses, links in text, and media served with Range. Imports only
chapters/ (never media, content or pages).
"""
