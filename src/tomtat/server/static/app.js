// tomtat web page: collects articles, calls POST /v1/summarize, shows each summary sentence linked to
// its span in the source article. Article text only ever becomes text nodes (textContent), never markup.
"use strict";

const $ = (selector) => document.querySelector(selector);
const state = { files: [] };
const STATUS = {
  413: "Dữ liệu gửi lên quá lớn.",
  415: "Định dạng dữ liệu không được hỗ trợ.",
  422: "Dữ liệu chưa dùng được.",
  503: "Quá thời gian xử lý — hãy bớt số bài hoặc rút ngắn bài.",
};

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// --- input -------------------------------------------------------------------------------------

function renumberArticles() {
  document.querySelectorAll(".article-card").forEach((card, i) => {
    card.querySelector(".card-label").textContent = `Bài ${i + 1}`;
    card.querySelector("textarea").setAttribute("aria-label", `Nội dung bài ${i + 1}`);
  });
  const cards = document.querySelectorAll(".article-card");
  cards.forEach((card) => { card.querySelector(".remove").hidden = cards.length < 2; });
}

function addArticle() {
  const card = el("div", "article-card");
  const head = el("div", "card-head");
  const remove = el("button", "remove", "Xoá");
  remove.type = "button";
  remove.addEventListener("click", () => { card.remove(); renumberArticles(); });
  head.append(el("span", "card-label"), remove);
  const title = el("input", "card-title");
  title.type = "text";
  title.placeholder = "Tiêu đề (không bắt buộc)";
  const text = el("textarea", "card-text");
  text.rows = 6;
  text.placeholder = "Dán nội dung bài báo vào đây…";
  card.append(head, title, text);
  $("#articles").append(card);
  renumberArticles();
  return text;
}

function addFiles(fileList) {
  for (const file of fileList) state.files.push(file);
  renderFiles();
}

function renderFiles() {
  const list = $("#file-list");
  list.replaceChildren();
  state.files.forEach((file, i) => {
    const item = el("li", "file-chip");
    item.append(el("span", "file-name", file.name), el("span", "file-size", `${Math.max(1, Math.round(file.size / 1024))} KB`));
    const remove = el("button", "remove", "×");
    remove.type = "button";
    remove.setAttribute("aria-label", `Bỏ tệp ${file.name}`);
    remove.addEventListener("click", () => { state.files.splice(i, 1); renderFiles(); });
    item.append(remove);
    list.append(item);
  });
}

function pastedArticles() {
  return [...document.querySelectorAll(".article-card")]
    .map((card) => ({ title: card.querySelector(".card-title").value.trim(), text: card.querySelector(".card-text").value }))
    .filter((a) => a.text.trim());
}

function maxWords() {
  const n = Math.round(Number($("#max-words").value) || 200);
  return Math.min(2000, Math.max(20, n));
}

// Files go as multipart (decoded by the server exactly like the CLI); pasted articles then travel as
// UTF-8 .txt files beside them. Without files, JSON keeps the pasted text and titles exactly as typed.
function buildRequest(articles) {
  if (state.files.length) {
    const form = new FormData();
    articles.forEach((a, i) => form.append("files", new File([a.text], `bai-${i + 1}.txt`, { type: "text/plain" })));
    state.files.forEach((file) => form.append("files", file, file.name));
    form.append("max_words", String(maxWords()));
    form.append("include_text", "true");
    return { method: "POST", body: form };
  }
  const documents = articles.map((a, i) => ({ text: a.text, source: `Bài ${i + 1}`, ...(a.title ? { title: a.title } : {}) }));
  return {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ documents, max_words: maxWords(), include_text: true }),
  };
}

function showError(headline, detail) {
  const box = $("#error");
  box.replaceChildren(el("strong", "", headline));
  if (detail) box.append(el("span", "detail", detail));
  box.hidden = false;
}

async function summarize() {
  $("#error").hidden = true;
  const articles = pastedArticles();
  if (!articles.length && !state.files.length) {
    showError("Chưa có bài nào.", "Hãy dán ít nhất một bài báo hoặc chọn tệp.");
    return;
  }
  const button = $("#summarize");
  button.disabled = true;
  button.textContent = "Đang tóm tắt…";
  try {
    const response = await fetch("/v1/summarize", buildRequest(articles));
    const data = await response.json().catch(() => null);
    if (!response.ok) {
      showError(STATUS[response.status] || `Lỗi máy chủ (${response.status}).`, data && data.detail);
      return;
    }
    showResult(data);
  } catch (err) {
    showError("Không kết nối được với máy chủ.", String(err.message || err));
  } finally {
    button.disabled = false;
    button.textContent = "Tóm tắt";
  }
}

// --- result ------------------------------------------------------------------------------------

// Offsets are Python code-point indices; Array.from splits by code point, not UTF-16 unit.
function articleText(text, spans) {
  const chars = Array.from(text);
  const box = el("div", "doc-text");
  let pos = 0;
  for (const span of spans) {
    box.append(document.createTextNode(chars.slice(pos, span.start).join("")));
    const mark = el("mark", "src-sent", chars.slice(span.start, span.end).join(""));
    mark.id = `src-${span.k}`;
    box.append(mark);
    pos = span.end;
  }
  box.append(document.createTextNode(chars.slice(pos).join("")));
  return box;
}

function focusSource(k) {
  document.querySelectorAll(".active").forEach((node) => node.classList.remove("active"));
  const mark = document.getElementById(`src-${k}`);
  const sentence = document.querySelector(`.sent[data-k="${k}"]`);
  if (sentence) sentence.classList.add("active");
  if (!mark) return;
  mark.classList.add("active");
  mark.scrollIntoView({ behavior: "smooth", block: "center" });
}

// --- dates (mirrors tomtat/time/words.py: d/m/yyyy, m/yyyy or yyyy, and what the value alone cannot say)

const PART = { early: "đầu", mid: "giữa", late: "cuối" };

function writtenDate(d) {
  const noYear = d.value.startsWith("--");
  const nums = d.value.replace(/^--/, "").split("-").map(Number);
  const [y, m, day] = noYear ? [null, ...nums] : nums;
  const head = [day, m, y].filter((x) => x !== undefined && x !== null).join("/");
  const notes = [];
  if (d.period === "quarter") notes.push(`quý ${Math.floor((m - 1) / 3) + 1}`);
  else if (d.period === "half") notes.push(m <= 6 ? "6 tháng đầu năm" : "6 tháng cuối năm");
  else if (d.period === "week") notes.push(d.part ? `${PART[d.part]} tuần` : "tuần bắt đầu từ ngày này");
  else if (d.part) notes.push(`${PART[d.part]} ${d.precision === "month" ? "tháng" : "năm"}`);
  if (d.calendar === "lunar") notes.push("âm lịch");
  else if (d.lunar) {
    const [, lm, ld] = d.lunar.split("-").map(Number);
    notes.push(`ngày ${ld}/${lm} âm lịch`);
  }
  if (noYear) notes.push("không rõ năm");
  return head + (notes.length ? ` (${notes.join(", ")})` : "");
}

function dateLabel(d) {
  const kind = d.basis === "document" ? "when doc" : d.value.startsWith("--") ? "when unknown" : "when";
  const label = el("span", kind, writtenDate(d));
  label.title = d.basis === "document" ? "Ngày đăng của bài báo (câu không nêu ngày)" : "Ngày nêu trong câu";
  return label;
}

function showResult(data) {
  const nWords = data.summary ? data.summary.split(/\s+/).filter(Boolean).length : 0;
  $("#result-meta").textContent =
    `${data.documents.length} bài · ${nWords}/${maxWords()} âm tiết · ${data.sentences.length} câu — nhấp vào một câu để xem câu gốc`;
  const summary = $("#summary");
  summary.replaceChildren();
  if (!data.sentences.length) summary.append(el("em", "", "Không có câu nào đủ nội dung để tóm tắt."));
  const spans = data.documents.map(() => []);
  data.sentences.forEach((s, k) => {
    if (s.date) summary.append(dateLabel(s.date));
    const sentence = el("span", `sent doc-c${s.doc % 8}`, s.text);
    sentence.dataset.k = String(k);
    sentence.tabIndex = 0;
    sentence.setAttribute("role", "button");
    sentence.title = `Nguồn: ${s.source} — câu ${s.sentence + 1}`;
    sentence.addEventListener("click", () => focusSource(k));
    sentence.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); focusSource(k); } });
    const badge = el("sup", `badge doc-c${s.doc % 8}`, String(s.doc + 1));
    summary.append(sentence, badge, document.createTextNode(" "));
    spans[s.doc].push({ k, start: s.start, end: s.end });
  });
  const sources = $("#sources");
  sources.replaceChildren();
  data.documents.forEach((d) => {
    const article = el("article", `source doc-c${d.doc % 8}`);
    article.id = `doc-${d.doc}`;
    const head = el("header", "source-head");
    const heading = d.title || d.source || `Bài ${d.doc + 1}`;
    head.append(el("span", "badge", String(d.doc + 1)), el("h3", "", heading));
    if (d.source && d.source !== heading) head.append(el("span", "meta", d.source));
    if (d.date) head.append(el("span", "meta", `đăng ${d.date.split("-").reverse().map(Number).join("/")}`
      + (d.date_basis === "dateline" ? " (theo dòng ngày tháng)" : " (theo siêu dữ liệu)")));
    article.append(head);
    const ordered = spans[d.doc].sort((a, b) => a.start - b.start);
    article.append(typeof d.text === "string" ? articleText(d.text, ordered) : el("p", "meta", "(không có nội dung gốc)"));
    sources.append(article);
  });
  $("#result").hidden = false;
  $("#result").scrollIntoView({ behavior: "smooth", block: "start" });
  state.summary = data.summary;
}

// --- wiring ------------------------------------------------------------------------------------

document.addEventListener("DOMContentLoaded", () => {
  addArticle();
  addArticle();
  $("#add-article").addEventListener("click", () => addArticle().focus());
  $("#summarize").addEventListener("click", summarize);
  document.addEventListener("keydown", (e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) summarize(); });

  const range = $("#max-words-range");
  const number = $("#max-words");
  range.addEventListener("input", () => { number.value = range.value; });
  number.addEventListener("input", () => { range.value = number.value; });

  const zone = $("#dropzone");
  const input = $("#file-input");
  zone.addEventListener("click", () => input.click());
  zone.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); input.click(); } });
  input.addEventListener("change", () => { addFiles(input.files); input.value = ""; });
  zone.addEventListener("dragover", (e) => { e.preventDefault(); zone.classList.add("over"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (e) => { e.preventDefault(); zone.classList.remove("over"); addFiles(e.dataTransfer.files); });

  $("#copy").addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(state.summary || "");
      $("#copy").textContent = "Đã sao chép";
    } catch (err) {
      $("#copy").textContent = "Không sao chép được";
    }
    setTimeout(() => { $("#copy").textContent = "Sao chép"; }, 1500);
  });
});
