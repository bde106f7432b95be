"""Issue 13, defect 11: Schemathesis against /openapi.json with a bounded number of examples.

Every generated request (valid and invalid JSON bodies, multipart uploads, odd headers) must get an
answer the schema documents — its status code, content type and body shape — and never a 500.
The real summarizer runs in one worker process.
"""
import schemathesis
from hypothesis import HealthCheck, settings

from tomtat.server import Limits
from tomtat.server.app import create_app

# Schema-valid text may still hold no sentence to summarize: that is the documented 422.
CONFIG = schemathesis.config.SchemathesisConfig.from_str("""
[checks.positive_data_acceptance]
expected-statuses = ["200", "422", "503"]
""")
# The server's own time limit stays below schemathesis's 10 s read timeout: a generated feed of 2,000
# articles that takes longer must get the documented 503, not hang the client.
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(Limits(workers=1, timeout=8)), config=CONFIG)


@schema.parametrize()
@settings(max_examples=30, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large])
def test_every_answer_matches_the_schema_and_none_is_a_500(case):
    case.call_and_validate()


def test_the_schema_documents_every_error_status_and_the_reply_shape():
    spec = schema.raw_schema
    responses = spec["paths"]["/v1/summarize"]["post"]["responses"]
    for status in ("413", "415", "422", "503"):
        body = responses[status]["content"]["application/json"]["schema"]
        assert body == {"$ref": "#/components/schemas/ErrorOut"}, status
    assert spec["components"]["schemas"]["ErrorOut"]["required"] == ["detail"]
    ok = responses["200"]["content"]
    assert {"application/json", "text/plain", "text/html"} <= set(ok)
    summary = spec["components"]["schemas"]["SummaryOut"]
    assert {"summary", "sentences", "documents"} <= set(summary["required"])
    body = spec["paths"]["/v1/summarize"]["post"]["requestBody"]["content"]
    docs = body["application/json"]["schema"]["properties"]["documents"]
    assert docs["minItems"] == 1 and docs["maxItems"] == 200
    assert {"type": "string", "pattern": r"\S"} in docs["items"]["anyOf"]
    assert body["multipart/form-data"]["schema"]["properties"]["files"]["minItems"] == 1
    digest = spec["paths"]["/v1/digest"]["post"]
    assert {"413", "415", "422", "503"} <= set(digest["responses"])
    articles = digest["requestBody"]["content"]["application/json"]["schema"]["properties"]["articles"]
    assert articles["minItems"] == 1 and articles["maxItems"] == 2000
    assert {"articles", "stories", "digest"} <= set(spec["components"]["schemas"]["DigestOut"]["required"])
