"""End to end in Debian's Chromium: paste two articles, summarize, click a sentence, see its source.

The real server runs under uvicorn in a thread; the articles are invented for this test.
"""
import pathlib
import threading
import time

import pytest
from browser_page import chromium_page

SCREENSHOT = pathlib.Path(__file__).resolve().parent.parent / "benchmarks" / "results" / "serve_page.png"

FESTIVAL = (
    "Tối 20/4, lễ hội đèn lồng bên sông Hương ở thành phố Huế khai mạc với hơn 5.000 chiếc đèn thả trên mặt nước. "
    "Ban tổ chức cho biết lễ hội kéo dài bốn đêm và mở cửa miễn phí cho người dân lẫn du khách.\n\n"
    "Mỗi đêm có một chương trình ca Huế trên thuyền rồng, bắt đầu lúc 19 giờ. "
    "Lực lượng cứu hộ túc trực dọc hai bờ sông để bảo đảm an toàn."
)
FESTIVAL_B = (
    "Lễ hội đèn lồng sông Hương năm nay thu hút khoảng 20.000 lượt khách ngay trong đêm đầu tiên. "
    "Nhiều gia đình mang theo đèn tự làm bằng giấy dó để thả cầu may. "
    "Một dòng chữ lạ <script>window.__tomtat_xss = 1</script> được ai đó dán lên bảng tin điện tử.\n\n"
    "Sở Du lịch dự kiến tổ chức lễ hội thường niên vào tháng Tư hằng năm."
)


@pytest.fixture(scope="module")
def server_url():
    import uvicorn

    from tomtat.server.app import create_app

    server = uvicorn.Server(uvicorn.Config(create_app(), host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def page():
    with chromium_page(1200) as page:
        yield page


def test_paste_summarize_and_click_through_to_the_source(server_url, page):
    from playwright.sync_api import expect

    page.goto(server_url)
    expect(page.get_by_role("button", name="+ Thêm bài")).to_be_visible()
    boxes = page.locator(".card-text")
    expect(boxes).to_have_count(2)
    boxes.nth(0).fill(FESTIVAL)
    boxes.nth(1).fill(FESTIVAL_B)
    page.locator("#max-words").fill("60")
    with page.expect_response("**/v1/summarize") as reply:
        page.get_by_role("button", name="Tóm tắt", exact=True).click()
    assert reply.value.status == 200
    data = reply.value.json()

    sentences = page.locator("#summary .sent")
    expect(sentences).to_have_count(len(data["sentences"]))
    assert data["sentences"] and len(data["summary"].split()) <= 60
    assert sentences.nth(0).text_content() == data["sentences"][0]["text"]

    # Click a sentence from the second article if one was chosen (the harder offset case), else the last.
    k = next((i for i, s in enumerate(data["sentences"]) if s["doc"] == 1), len(data["sentences"]) - 1)
    sentences.nth(k).click()
    active = page.locator("#sources mark.active")
    expect(active).to_have_count(1)
    expect(active).to_be_in_viewport()
    assert active.get_attribute("id") == f"src-{k}"
    assert active.text_content() == data["sentences"][k]["text"]
    assert page.locator(f"#doc-{data['sentences'][k]['doc']} mark.active").count() == 1

    # The article holding <script> shows it as text and never runs it.
    expect(page.locator("#doc-1 .doc-text")).to_contain_text("<script>window.__tomtat_xss = 1</script>")
    assert page.evaluate("window.__tomtat_xss") is None

    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)


def test_errors_are_shown_in_vietnamese(server_url, page):
    from playwright.sync_api import expect

    page.goto(server_url)
    page.get_by_role("button", name="Tóm tắt", exact=True).click()
    expect(page.locator("#error")).to_contain_text("Chưa có bài nào")
    page.locator(".card-text").nth(0).fill(FESTIVAL)
    page.locator("#max-words").fill("5")  # the page clamps to the API's range before sending
    with page.expect_response("**/v1/summarize") as reply:
        page.get_by_role("button", name="Tóm tắt", exact=True).click()
    assert reply.value.status == 200
    expect(page.locator("#error")).to_be_hidden()


def test_sentence_dates_are_shown(server_url, page):
    from playwright.sync_api import expect

    page.goto(server_url)
    page.locator(".card-text").nth(0).fill("Minh Anh | 21/04/2023 08:00\n" + FESTIVAL)
    with page.expect_response("**/v1/summarize") as reply:
        page.get_by_role("button", name="Tóm tắt", exact=True).click()
    data = reply.value.json()
    labels = page.locator("#summary .when")
    expect(labels).to_have_count(sum(1 for s in data["sentences"] if s["date"]))
    first = next(s for s in data["sentences"] if s["date"])
    assert first["date"]["value"] == "2023-04-20" and labels.nth(0).text_content() == "20/4/2023"
    expect(page.locator("#doc-0 .source-head")).to_contain_text("đăng 21/4/2023")
