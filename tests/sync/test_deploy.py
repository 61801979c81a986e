"""The ready NATS configurations under deploy/ are valid for the nats-server we test with."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from tests.sync.sites import nats_server_path

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "nats"


@pytest.mark.parametrize("name", ["hub.conf", "leaf.conf"])
def test_the_deploy_configuration_is_valid(name: str, tmp_path: Path) -> None:
    binary = nats_server_path()
    if not binary:
        pytest.skip("nats-server is not installed (make test installs it)")
    env = {**os.environ, "OPSROOM_NATS_STORE": str(tmp_path), "OPSROOM_SITE_CODE": "BNG-PS1",
           "OPSROOM_LEAF_PASSWORD": "a-long-random-password",
           "OPSROOM_HUB_LEAF_URL": "nats-leaf://opsroom-leaf:pw@127.0.0.1:7422"}
    done = subprocess.run([binary, "-t", "-c", str(DEPLOY / name)], env=env,
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr + done.stdout
