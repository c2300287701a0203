"""Making and reading media, with no web framework: ffmpeg, the stand-in recording and its
voice, thumbnails, share-card pictures, and recordings fetched with yt-dlp.
"""
