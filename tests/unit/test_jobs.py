"""The job service: the notification retry runs when due, on the services' fakes, and a job
that fails, or is still running, does not stop or double the others."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest

from care4u_desktop.domain.errors import ServiceUnavailable
from care4u_desktop.domain.models import Doctor, User
from care4u_desktop.services.booking import BookingService
from care4u_desktop.services.jobs import (
    NOTIFICATION_RETRY,
    Job,
    JobResult,
    JobService,
    notification_retry,
)
from care4u_desktop.services.notifications import NotificationService
from tests.fakes import FakeNotifier, FixedClock, InMemoryStore

TUESDAY = date(2030, 1, 8)


@pytest.fixture
def jobs(notifications: NotificationService) -> JobService:
    return JobService([notification_retry(lambda: notifications)])


@pytest.fixture
def two_pending(booking: BookingService, notifier: FakeNotifier, sarah: Doctor, ada: User) -> None:
    notifier.failing = True
    for hhmm in ("09:00", "10:00"):
        booking.book(ada, sarah.doctor_id, TUESDAY, hhmm)
    notifier.failing = False


def counting_job(name: str, calls: list[str], every: timedelta = timedelta(minutes=1)) -> Job:
    def run() -> JobResult:
        calls.append(name)
        return JobResult(done=1, left=0)

    return Job(name, every, run)


def test_the_first_tick_delivers_what_is_pending_and_says_so(
    jobs: JobService,
    clock: FixedClock,
    notifier: FakeNotifier,
    store: InMemoryStore,
    two_pending: None,
) -> None:
    report = jobs.run_due(clock())

    assert [(run.name, run.result, run.error) for run in report.runs] == [
        (NOTIFICATION_RETRY, JobResult(done=2, left=0), None)
    ]
    assert len(notifier.published) == 2
    assert store.pending_notifications() == []


def test_what_the_notifier_still_refuses_is_reported_as_left(
    jobs: JobService, clock: FixedClock, notifier: FakeNotifier, two_pending: None
) -> None:
    notifier.failing = True
    report = jobs.run_due(clock())

    assert report.runs[0].result == JobResult(done=0, left=2)
    assert report.failed == ()  # nothing failed: the messages wait, as designed


def test_a_job_runs_once_per_interval_even_on_a_timer_that_fires_a_little_early(
    clock: FixedClock,
) -> None:
    calls: list[str] = []
    jobs = JobService([counting_job("tick", calls)])

    jobs.run_due(clock())
    jobs.run_due(clock.advance(seconds=20))  # not due: asked again too soon
    assert calls == ["tick"]
    jobs.run_due(clock.advance(seconds=37))  # 57 s after the first: a coarse timer's 5%
    assert calls == ["tick", "tick"]
    jobs.run_due(clock.advance(seconds=63))
    assert calls == ["tick", "tick", "tick"]


def test_a_failing_job_is_reported_and_the_others_still_run(clock: FixedClock) -> None:
    calls: list[str] = []

    def broken() -> JobResult:
        calls.append("broken")
        raise ServiceUnavailable()

    jobs = JobService(
        [Job("broken", timedelta(minutes=1), broken), counting_job("reminders", calls)]
    )
    report = jobs.run_due(clock())

    assert [run.name for run in report.failed] == ["broken"]
    assert isinstance(report.failed[0].error, ServiceUnavailable)
    assert calls == ["broken", "reminders"]
    # Not at once again: it waits for its next interval, like a job that succeeded.
    assert jobs.run_due(clock.advance(seconds=10)).runs == ()
    assert [run.name for run in jobs.run_due(clock.advance(seconds=60)).runs] == [
        "broken",
        "reminders",
    ]


def test_the_store_down_fails_the_retry_job_without_losing_a_message(
    jobs: JobService, clock: FixedClock, store: InMemoryStore, two_pending: None
) -> None:
    store.unavailable = {"pending_notifications"}
    report = jobs.run_due(clock())
    assert [run.name for run in report.failed] == [NOTIFICATION_RETRY]

    store.unavailable = set()
    again = jobs.run_due(clock.advance(minutes=1))
    assert again.runs[0].result == JobResult(done=2, left=0)


def test_run_by_name_runs_at_once_and_passes_its_error_on(clock: FixedClock) -> None:
    calls: list[str] = []
    jobs = JobService([counting_job("tick", calls)])
    jobs.run_due(clock())

    assert jobs.run("tick", clock()) == JobResult(done=1, left=0)  # due or not
    assert calls == ["tick", "tick"]
    with pytest.raises(KeyError):
        jobs.run("no_such_job", clock())

    def broken() -> JobResult:
        raise ServiceUnavailable()

    jobs.add(Job("broken", timedelta(minutes=1), broken))
    with pytest.raises(ServiceUnavailable):
        jobs.run("broken", clock())


def test_a_job_still_running_is_not_started_again(clock: FixedClock) -> None:
    """A retry stuck on an unreachable notifier for longer than its interval."""
    release, started = threading.Event(), threading.Event()
    calls: list[str] = []

    def slow() -> JobResult:
        calls.append("slow")
        started.set()
        assert release.wait(5)
        return JobResult(done=0, left=0)

    jobs = JobService([Job("slow", timedelta(minutes=1), slow)])
    first = threading.Thread(target=jobs.run_due, args=(clock(),))
    first.start()
    assert started.wait(5)
    try:
        assert jobs.run_due(clock.advance(minutes=2)).runs == ()
    finally:
        release.set()
        first.join(5)
    assert calls == ["slow"]
    assert [run.name for run in jobs.run_due(clock.advance(minutes=1)).runs] == ["slow"]


def test_two_jobs_of_one_name_are_refused() -> None:
    jobs = JobService([counting_job("tick", [])])
    with pytest.raises(ValueError, match="tick"):
        jobs.add(counting_job("tick", []))
