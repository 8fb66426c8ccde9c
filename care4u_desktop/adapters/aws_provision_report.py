"""What provisioning did (for the administrator's terminal), and what stops it."""

from __future__ import annotations

from dataclasses import dataclass, field


class ProvisionError(Exception):
    """The account holds something provisioning must not change (e.g. a table of that
    name with another key). The message says what, for the administrator."""


@dataclass
class ProvisionReport:
    topic_arn: str = ""
    created_tables: list[str] = field(default_factory=list)
    created_indexes: list[str] = field(default_factory=list)
    #: Tables whose TTL this run turned on.
    enabled_ttl: list[str] = field(default_factory=list)
    adopted_users: int = 0
    adopted_appointments: int = 0
    #: Seed data that breaks a rule (two users with one email, a double booking): left as
    #: it is, first come first served, for staff to sort out. Ids only, no emails.
    conflicts: list[str] = field(default_factory=list)
    #: Subscriptions on the topic with no filter policy: they would receive every
    #: patient's messages (the seed app subscribed addresses that way).
    unfiltered_subscriptions: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """A summary for the administrator's terminal."""
        out = [f"Topic: {self.topic_arn}"]
        out += [f"Created table {t}" for t in self.created_tables]
        out += [f"Created index {i}" for i in self.created_indexes]
        out += [f"Turned on expiry (TTL) of old records in {t}" for t in self.enabled_ttl]
        out.append(
            f"Adopted {self.adopted_users} existing user(s) and "
            f"{self.adopted_appointments} booked appointment(s)"
        )
        out += [f"Conflict: {c}" for c in self.conflicts]
        if self.unfiltered_subscriptions:
            out.append(
                f"Warning: {len(self.unfiltered_subscriptions)} subscription(s) on the topic "
                "have no filter policy and would receive every patient's messages; "
                "remove them (aws sns unsubscribe) or run provision with unsubscribe enabled."
            )
        return out
