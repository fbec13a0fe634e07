"""The octo-conformance pytest plugin (entry point `pytest11`): options, markers, failure
reports that prove each broken rule, and the reports of a run.

It is loaded in every pytest session of an environment where the package is installed, so
everything that acts on tests acts only on the suites' own tests (modules under `suites.`).
"""
from __future__ import annotations

import html
import json
import random
import time
from pathlib import Path

import pytest

from . import report_html
from .exchanges import Exchange
from .failures import Advisory, RuleViolation, StepBlocked, render, render_blocked, rule_of
from .results import Results
from .settings import OPTIONS, Settings, SettingsError, resolve

EXCHANGES = pytest.StashKey[list]()
SETTINGS = pytest.StashKey[Settings]()
CAUSES = pytest.StashKey[dict]()  # cause of blocking -> the rule that showed its proof (per process)
SUITES_DIR = Path(__file__).resolve().parent.parent

MARKERS = (
    "capability(id): the rule belongs to a capability; skipped when the target does not declare it",
    "real_time: the rule waits for real time to pass; runs only with --real-time or the control interface",
)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("octo-conformance", "OCTO conformance")
    for name, (help_text, env, key) in OPTIONS.items():
        _add(group, name.replace("_", "-"), dest=f"octo_{name}", default=None,
             help=f"{help_text} [env {env}; pyproject [tool.octo-conformance] {key}]")
    _add(group, "header", dest="octo_header", action="append", default=[], metavar="'NAME: VALUE'",
         help="extra header sent on every request; repeat for several")
    _add(group, "real-time", dest="octo_real_time", action="store_true", default=False,
         help="allow rules that wait for real time (hold expiry) when the target has no control interface")
    # pytest owns --strict: under plain pytest this is --octo-strict; octo-conformance maps --strict to it.
    group.addoption("--octo-strict", dest="octo_strict", action="store_true", default=False,
                    help="advisories (recommendations beyond the standard) fail the run too")


def _add(group, name: str, **kwargs) -> None:
    # Another plugin (pytest-base-url) may own --base-url; then only --octo-base-url is ours.
    try:
        group.addoption(f"--{name}", f"--octo-{name}", **kwargs)
    except ValueError:
        group.addoption(f"--octo-{name}", **kwargs)


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    for marker in MARKERS:
        config.addinivalue_line("markers", marker)
    if not running_suites(config):
        return  # another project's tests: stay silent and read nothing
    settings = settings_of(config)
    if not hasattr(config, "workerinput"):
        config.pluginmanager.register(_Reporting(config), "octo-conformance-reporting")
        if _writes_reports(config, settings):
            _point_reports_at(config, Path(settings.report_dir))
        _describe_in_html(config, settings)


def running_suites(config: pytest.Config) -> bool:
    """Whether this pytest session was asked to run the conformance suites."""
    for arg in config.args:
        name = arg.split("::")[0]
        if config.option.pyargs and (name == "suites" or name.startswith("suites.")):
            return True
        path = (config.invocation_params.dir / name).resolve()
        if path == SUITES_DIR or SUITES_DIR in path.parents:
            return True
    return False


def settings_of(config: pytest.Config) -> Settings:
    """The run's settings, resolved once (and the seed chosen once, shared with xdist workers)."""
    if SETTINGS not in config.stash:
        cli = {name: config.getoption(f"octo_{name}") for name in OPTIONS}
        try:
            settings = resolve(cli, config.getoption("octo_header"), config.getoption("octo_real_time"))
        except SettingsError as exc:
            raise pytest.UsageError(f"octo-conformance: {exc}") from None
        worker = getattr(config, "workerinput", None)
        seed = worker["octo_seed"] if worker else settings.seed
        config.stash[SETTINGS] = Settings(**{**vars(settings),
                                            "seed": seed if seed is not None else random.randrange(10**9)})
    return config.stash[SETTINGS]


def _describe_in_html(config: pytest.Config, settings: Settings) -> None:
    try:
        from pytest_metadata.plugin import metadata_key
    except ImportError:
        return
    metadata = config.stash.setdefault(metadata_key, {})
    metadata["OCTO target"] = settings.base_url or "embedded mock supplier"
    metadata["OCTO seed"] = str(settings.seed)
    metadata["OCTO capabilities"] = (", ".join(settings.capabilities) if settings.capabilities is not None
                                     else "as the target declares")


@pytest.hookimpl(optionalhook=True)
def pytest_html_report_title(report) -> None:
    report.title = "octo-conformance report"


def _writes_reports(config: pytest.Config, settings) -> bool:
    """Reports are written for runs, not for listing the rules (--collect-only), which would
    overwrite the last run's reports with empty ones."""
    return bool(settings.report_dir) and not config.option.collectonly


def _point_reports_at(config: pytest.Config, directory: Path) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise pytest.UsageError(f"octo-conformance: cannot write reports to {directory}: {exc}") from None
    if not getattr(config.option, "xmlpath", None):
        config.option.xmlpath = str(directory / "junit.xml")


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node) -> None:
    """xdist: every worker uses the controller's seed."""
    if SETTINGS in node.config.stash:
        node.workerinput["octo_seed"] = node.config.stash[SETTINGS].seed


def pytest_report_header(config: pytest.Config) -> list[str]:
    if SETTINGS not in config.stash:
        return []
    settings = config.stash[SETTINGS]
    target = settings.base_url or "the embedded mock supplier (started on a free loopback port)"
    caps = ", ".join(settings.capabilities) if settings.capabilities is not None else "as the target declares"
    lines = [f"octo-conformance: target {target}", f"octo-conformance: capabilities {caps}",
             f"octo-conformance: seed {settings.seed} (replay with --seed {settings.seed})"]
    return lines


def is_suite_item(item: pytest.Item) -> bool:
    """Whether a test is one of the conformance rules (not a project's own test)."""
    module = getattr(item, "module", None)
    return module is not None and module.__name__.startswith("suites.")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    if not is_suite_item(item):
        return
    item.stash[EXCHANGES] = []
    rule, _ = rule_of(item.function)
    marker = item.get_closest_marker("capability")
    area = item.module.__name__.rsplit(".", 1)[-1].removeprefix("test_")
    item.user_properties += [("rule", rule), ("area", area), ("capability", marker.args[0] if marker else "core")]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call):
    outcome = yield
    report = outcome.get_result()
    if not (is_suite_item(item) and report.failed and call.excinfo is not None):
        return
    rule, _ = rule_of(item.function)
    error = call.excinfo.value
    if isinstance(error, StepBlocked) and error.tested_by != getattr(item, "originalname", item.name):
        _report_blocked(item, report, rule, error)
        return
    exchanges: list[Exchange] = item.stash.get(EXCHANGES, [])
    if isinstance(error, StepBlocked):  # the step this very rule tests: its failure is the rule's
        if not exchanges and error.exchange is not None:
            exchanges = [error.exchange]  # the run's start failed before the rule sent anything
        error = RuleViolation(error.expected, error.seen)
    text = render(rule, error, exchanges)
    if isinstance(error, Advisory) and not item.config.getoption("octo_strict"):
        # Not a violation of the standard: the rule passes, and the advice is reported apart.
        report.outcome, report.longrepr = "passed", None
        _record(item, report, ("outcome", "advisory"), ("advice", str(error)[:2000]))
        _keep_evidence(report, error, exchanges)
        return
    if not isinstance(error, AssertionError):
        text += "\n\n" + str(report.longrepr)  # a fault in the suite itself: keep its traceback
    report.longrepr = text
    why = str(error) if isinstance(error, AssertionError) else f"{type(error).__name__}: {error}"
    _record(item, report, ("outcome", "failed"), ("failure", why[:2000]))
    _keep_evidence(report, error, exchanges, traceback=None if isinstance(error, AssertionError) else text)


def _keep_evidence(report, error: BaseException, exchanges: list[Exchange], traceback: str | None = None) -> None:
    """What the HTML report shows of a failed or advised rule, on this report only (not in JUnit)."""
    shown = [e for n, e in enumerate(exchanges, start=1) if not e.discovery or n == len(exchanges)]
    evidence = {"expected": getattr(error, "expected", None), "seen": getattr(error, "seen", str(error)),
                "exchanges": [e.as_record() for e in shown], "searches": len(exchanges) - len(shown),
                "traceback": traceback}
    report.user_properties.append(("evidence", json.dumps(evidence)))


def _report_blocked(item: pytest.Item, report, rule: str, error: StepBlocked) -> None:
    """A blocked rule: an error (not a failure) in JUnit, its proof shown once per cause."""
    causes = item.config.stash.setdefault(CAUSES, {})
    first = causes.setdefault(error.cause, item.nodeid)
    shown_with = None if first == item.nodeid else first
    report.longrepr = render_blocked(rule, error, shown_with)
    report.when = "setup"  # JUnit writes a failed setup as <error>: blocked is not failed
    why = f"expected {error.expected}; seen {error.seen}"[:2000]
    props = [("outcome", "blocked"), ("blocked_cause", error.cause), ("blocked_step", error.step),
             ("tested_by", error.tested_by), ("blocked_why", why),
             ("failure", f"blocked: {error.step} failed (tested by {error.tested_by}): {why}"[:2000])]
    if shown_with is None and error.exchange is not None:
        key = error.exchange.key_line()
        props.append(("proof", (error.exchange.describe() + (f"\nkey:      {key}" if key else ""))[:6000]))
    _record(item, report, *props)


def _record(item: pytest.Item, report, *properties: tuple[str, str]) -> None:
    """Properties on the report (for the summary) and on the item (JUnit reads them at teardown)."""
    report.user_properties += list(properties)
    item.user_properties += list(properties)


@pytest.hookimpl(tryfirst=True)
def pytest_report_teststatus(report, config):
    """Blocked and advisory rules are counted apart from failed and passed ones."""
    outcome = dict(getattr(report, "user_properties", ())).get("outcome")
    if outcome == "blocked" and report.failed:
        return "blocked", "B", "BLOCKED"
    if outcome == "advisory" and report.passed and report.when == "call":
        return "advisory", "A", "ADVISORY"
    return None


@pytest.hookimpl(optionalhook=True)
def pytest_html_results_table_header(cells: list) -> None:
    cells.insert(2, "<th>Rule</th>")


@pytest.hookimpl(optionalhook=True)
def pytest_html_results_table_row(report, cells: list) -> None:
    rule = dict(report.user_properties).get("rule", "")
    cells.insert(2, f"<td>{html.escape(rule)}</td>")


class _Reporting:
    """Collects outcomes on the controller and writes the table and summary.json."""

    def __init__(self, config: pytest.Config):
        self.config, self.results, self.started = config, Results(), time.time()

    def pytest_sessionstart(self, session) -> None:
        reporter = self.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None and hasattr(reporter, "startpath"):
            reporter.startpath = SUITES_DIR  # progress lines name core/test_x.py, not site-packages/…

    def pytest_runtest_logreport(self, report) -> None:
        self.results.add(report)

    def pytest_terminal_summary(self, terminalreporter) -> None:
        settings = self.config.stash[SETTINGS]
        if self.results.causes:
            terminalreporter.section(f"octo-conformance: {self.results.blocked_headline()}")
            for number, cause in enumerate(self.results.causes.values(), start=1):
                for line in cause.describe(number):
                    terminalreporter.write_line(line)
        if self.results.tests:
            terminalreporter.section("octo-conformance: rules per area and capability")
            for line in self.results.table():
                terminalreporter.write_line(line)
        if self.config.option.collectonly:
            return  # nothing ran: no seed to replay, no summary written
        terminalreporter.write_line(f"seed {settings.seed} (replay with --seed {settings.seed})")
        if _writes_reports(self.config, settings):
            directory = Path(settings.report_dir).resolve()
            terminalreporter.write_line(f"reports: {directory / 'report.html'} (the certificate), "
                                        f"{directory / 'summary.json'}, {directory / 'junit.xml'}")

    @pytest.hookimpl(optionalhook=True)
    def pytest_html_results_summary(self, prefix, summary, postfix, session) -> None:
        """The certificate's head: verdicts per area, then blocked causes and advisories."""
        prefix.extend(self.results.html())

    @pytest.hookimpl(tryfirst=True)  # before pytest's JUnit writer closes its file
    def pytest_sessionfinish(self, exitstatus) -> None:
        settings = self.config.stash[SETTINGS]
        self._junit_properties()
        if not _writes_reports(self.config, settings):
            return  # written even when no rule ran, so it never disagrees with the other reports
        directory = Path(settings.report_dir)
        header = {
            "tool": "octo-conformance",
            "target": settings.base_url or "embedded mock",
            "seed": settings.seed,
            "requestedCapabilities": list(settings.capabilities) if settings.capabilities is not None else None,
            "startedAt": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.started)),
            "durationSeconds": round(time.time() - self.started, 2),
            "exitStatus": int(exitstatus),
        }
        self.results.write_summary(directory / "summary.json", header)
        report_html.write(directory / "report.html", self.results, self.results.summary(header))

    def _junit_properties(self) -> None:
        """The declared capabilities no rule judged, as properties of JUnit's <testsuite> (each
        rule's <testcase> carries them too). pytest's JUnit writer is found by what it can do, as
        its record_testsuite_property fixture does not reach the controller under xdist."""
        junit = next((p for p in self.config.pluginmanager.get_plugins() if hasattr(p, "add_global_property")), None)
        if junit is None:
            return
        for capability, why in sorted(self.results.not_certified.items()):
            junit.add_global_property(f"not_certified {capability}", why)
