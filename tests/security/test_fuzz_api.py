"""Schemathesis drives every operation of /api/v1/openapi.json against a live server with
generated input (valid and invalid): no answer may be a 5xx, and every answer must match
the documented status codes and schema. The live stream never ends, so it is left out
(tests/api/test_stream.py covers it).

OPSROOM_FUZZ_EXAMPLES sets the examples per operation (default 25)."""

from __future__ import annotations

import os
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from opsroom.accounts.actions import do_create_token
from opsroom.accounts.models import AgencyKind

EXAMPLES = int(os.environ.get("OPSROOM_FUZZ_EXAMPLES", "25"))
SKIP = {"/api/v1/stream"}
RECORDS_PATHS = ("/persons", "/merges", "/arrests", "/custody", "/searches", "/referrals",
                 "/sentences")


def role_for(path: str) -> str:
    path = path.removeprefix("/api/v1")
    if path.startswith("/audit/"):
        return "inspector"
    if path.startswith(("/warrants", "/capacities")):
        return "judicial"
    return "records" if path.startswith(RECORDS_PATHS) else "dispatcher"


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("benghazi")
def test_the_api_never_fails_and_keeps_its_contract(
    opsroom_server: Any, make_user: Any, make_unit: Any, api_as: Any, new_incident: Any,
    make_agency: Any,
) -> None:
    # Something to find: a road network, an incident and units of the user's own agency.
    from opsroom.demo.loader import load_synthetic_roads

    load_synthetic_roads()
    dispatcher = api_as("dispatcher")
    new_incident(dispatcher)
    make_unit("FUZZ-1")
    # The access reports are the inspector's; warrants and capacities a prosecutor's; the
    # rest of the judicial chain a records officer's (so their validation is what answers,
    # not a refusal); everything else a dispatcher may call.
    prosecution = make_agency("fuzz-pros", kind=AgencyKind.PROSECUTION)
    tokens = {role: do_create_token(None, make_user(role), name="fuzz")[1]
              for role in ("dispatcher", "inspector", "records")}
    tokens["judicial"] = do_create_token(None, make_user("judicial", prosecution),
                                         name="fuzz")[1]
    schema = schemathesis.openapi.from_url(f"{opsroom_server.url}/api/v1/openapi.json")
    cases = 0
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 25
    for operation in operations:
        if operation.path in SKIP:
            continue

        role = role_for(operation.path)
        headers = {"Authorization": f"Bearer {tokens[role]}"}
        # Valid input, then input that breaks the schema (which must get a 4xx, not a 5xx).
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                      suppress_health_check=list(HealthCheck))
            def run(case: Any) -> None:  # called at once, so ``headers`` is this operation's
                nonlocal cases
                cases += 1
                case.call_and_validate(
                    headers=headers,  # noqa: B023 (run() is called within the loop)
                    checks=[not_a_server_error, status_code_conformance,
                            response_schema_conformance],
                )

            try:
                run()
            except Exception as exc:  # collect every operation's failure, report them all
                failures.append(
                    f"{operation.method.upper()} {operation.path} ({mode.value}): {exc}"[:2000])
    print(f"fuzz cases run: {cases} over {len(operations) - len(SKIP)} operations")
    assert failures == [], "\n\n".join(failures)
