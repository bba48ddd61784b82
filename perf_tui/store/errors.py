"""Errors the store raises; each message is one line a user can act on."""


class StoreError(Exception):
    """Something in the data folder could not be read or written."""


class SessionNotFound(StoreError):
    def __init__(self, session_id: str) -> None:
        super().__init__(f"no session with id {session_id!r}")
        self.session_id = session_id
