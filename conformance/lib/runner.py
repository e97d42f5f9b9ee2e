# SPDX-License-Identifier: GPL-2.0-only
"""Run one target's command and store its KTAP.

The command runs from the repository root in a new session (its own
process group), stdout going straight to a file so that nothing is lost
when it is killed.  Its stderr goes to build/conformance/logs/<key>.log.
On timeout the whole process group gets SIGTERM, then SIGKILL two seconds
later.  pvconform then appends one metadata line to the stored KTAP:

    # pvconform: started=... duration_s=1.23 exit=0 timed_out=0 timeout_s=300

A target whose needs are missing is not started: its stored KTAP holds one
test, SKIP with the reason (docs/conventions.md section 3).

Environment given to the command: PVC_ROOT, PVC_BUILD, PVC_TARGET,
PVC_TIER, PVC_KTAP (where the output will be stored), PVC_FILTER and
PVC_TAG (the --filter / --tag of the run, empty if none; a command may use
them to run fewer tests, pvconform filters the results in any case), plus
the cfg's env words.
"""

import datetime
import os
import shlex
import signal
import subprocess
import time

import ktap
import targets as targets_mod

KILL_GRACE_S = 2.0


def ktap_path(ktap_dir, target):
    return os.path.join(ktap_dir, target.key + ".ktap")


def _utcnow():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _meta_line(**kv):
    # ktap.parse reads these back with shlex.split.
    return "# pvconform: " + " ".join("%s=%s" % (k, shlex.quote(str(v)))
                                      for k, v in kv.items()) + "\n"


def write_skip(path, target, reason):
    run = {"tier": target.tier, "target": target.name, "peer": "",
           "tests": [{"name": "target_available", "reqs": [], "status": ktap.SKIP,
                      "reason": reason, "diag": []}], "findings": []}
    text = ktap.emit(run) + _meta_line(started=_utcnow(), duration_s=0,
                                       state="skipped", reason=reason)
    _write(path, text)


def write_error(path, target, reason):
    run = {"tier": target.tier, "target": target.name, "peer": "",
           "tests": [{"name": "target_run", "reqs": [], "status": ktap.ERROR,
                      "reason": reason, "diag": []}], "findings": []}
    text = ktap.emit(run) + _meta_line(started=_utcnow(), duration_s=0,
                                       state="error", reason=reason)
    _write(path, text)


def _write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)


def _kill_group(proc):
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=KILL_GRACE_S)
    except subprocess.TimeoutExpired:
        pass
    try:
        # The leader may be gone while the rest of its group lives on.
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


def _shown_path(path, root):
    rel = os.path.relpath(path, root)
    return path if rel.startswith("..") else rel


def run_target(target, root, ktap_dir, log_dir, build_dir, filt="", tag="",
               probe_cache=None, timeout_override=None):
    """Run target, store its KTAP; return the stored path."""
    path = ktap_path(ktap_dir, target)
    ok, why = targets_mod.probe(target, probe_cache)
    if not ok:
        write_skip(path, target, why)
        return path
    present, why = targets_mod.command_present(target, root)
    if not present:
        write_error(path, target, "%s (%s)" % (why, target.cfg_file))
        return path
    argv = targets_mod.command_argv(target)

    env = dict(os.environ)
    env.update(PVC_ROOT=os.path.abspath(root), PVC_BUILD=os.path.abspath(build_dir),
               PVC_TARGET=target.name, PVC_TIER=target.tier,
               PVC_KTAP=os.path.abspath(path), PVC_FILTER=filt or "",
               PVC_TAG=tag or "")
    for w in target.env:
        k, _, v = w.partition("=")
        env[k] = v

    os.makedirs(ktap_dir, exist_ok=True)
    os.makedirs(log_dir, exist_ok=True)
    part = path + ".part"
    log = os.path.join(log_dir, target.key + ".log")
    timeout = timeout_override if timeout_override is not None else target.timeout
    started = _utcnow()
    t0 = time.monotonic()
    timed_out = False
    with open(part, "wb") as out, open(log, "wb") as err:
        try:
            proc = subprocess.Popen(argv, cwd=root, stdin=subprocess.DEVNULL,
                                    stdout=out, stderr=err, env=env,
                                    start_new_session=True)
        except OSError as e:
            write_error(path, target, "cannot start %s: %s" % (argv[0], e.strerror))
            return path
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            _kill_group(proc)
        except BaseException:
            _kill_group(proc)
            raise
        else:
            # Children left behind by a finished command must not outlive
            # the run either.
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
    duration = time.monotonic() - t0
    with open(part, "rb") as fh:
        text = fh.read().decode("utf-8", errors="replace")
    os.unlink(part)
    if text and not text.endswith("\n"):
        text += "\n"
    text += _meta_line(started=started, duration_s="%.3f" % duration,
                       exit=proc.returncode, timed_out=int(timed_out),
                       timeout_s="%g" % timeout, state="ran",
                       command=target.command, log=_shown_path(log, root))
    _write(path, text)
    return path
