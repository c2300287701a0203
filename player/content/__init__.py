"""What pages say, shared by pages, organisers' pages and the static export: the catalogue of
webinars, share cards and page metadata, transcripts, downloads, search, the static export.
"""
