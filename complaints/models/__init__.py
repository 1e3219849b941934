from .complaint import (
    OPEN_STATES,
    Complaint,
    ComplaintChannel,
    ComplaintDecision,
    ComplaintEvent,
    ComplaintEventKind,
    ComplaintNumberCounter,
    ComplaintPhoto,
    ComplaintRemedy,
    ComplaintReply,
    ComplaintResolution,
    ComplaintState,
)

__all__ = [
    "OPEN_STATES",
    "Complaint",
    "ComplaintChannel",
    "ComplaintDecision",
    "ComplaintEvent",
    "ComplaintEventKind",
    "ComplaintNumberCounter",
    "ComplaintPhoto",
    "ComplaintRemedy",
    "ComplaintReply",
    "ComplaintResolution",
    "ComplaintState",
]
