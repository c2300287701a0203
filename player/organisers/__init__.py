"""Behind sign-in: accounts, sign-in and sessions with their limits, the browser editor, a new
webinar from a handout, and the recording job.
"""
