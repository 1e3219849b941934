"""Pure rules of contact messages and contests."""

import datetime
import random
from collections.abc import Iterable

# The privacy policy keeps the conversation "useful if you will email us again" without a
# period; the shop keeps it 2 years after its last reply or note, like the complaint register
# (Law on Consumer Protection, Sl. glasnik RS 88/2021), since a message often precedes one.
CONTACT_MESSAGE_RETENTION = datetime.timedelta(days=2 * 365)
# Entries are kept after a contest closes for the prizes to be handed over; staff may set longer.
CONTEST_ENTRIES_KEPT_AFTER_END = datetime.timedelta(days=90)


def contest_winners(*, entry_ids: Iterable[int], seed: str, count: int) -> list[int]:
    """The winning entries, in rank order: the same seed and entries always give the same
    winners, so anyone holding the recorded seed can repeat the draw. The seed itself comes
    from `secrets` at draw time, so nobody can choose it."""
    pool = sorted(entry_ids)
    drawer = random.Random(seed)  # noqa: S311 - reproducible by design; the seed is secret-random
    return drawer.sample(pool, min(count, len(pool)))
