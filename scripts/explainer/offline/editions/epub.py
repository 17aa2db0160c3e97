"""The EPUB 3 edition, cut from the offline build's ``single-page.html``.

A small writer over ``zipfile`` rather than a library such as ebooklib: the book is a
few fixed files (container, package, navigation, one XHTML file per page, a stylesheet,
a cover), and writing them directly keeps every byte under our control — the file order,
one timestamp from SOURCE_DATE_EPOCH, the ``dcterms:modified`` date — so two builds give
the same bytes and ``epubcheck`` sees exactly what we wrote.

The single-page edition already has every page in reading order with ids unique across
pages; each ``<section class="ex-single__page">`` becomes one chapter. Then:

* links between pages point at the chapter that holds the id; a link to a page the book
  does not hold (a myth's share page, whose text is in the myths chapter) goes to that
  myth's section, else to the public address;
* glossary links become note references (``epub:type="noteref"``) to a footnote
  (``<aside epub:type="footnote">``) at the end of the chapter that holds the definition,
  so e-readers show it in a pop-up; citations become note references to the sources
  chapter, whose entries (endnotes) link back to every citation;
* scripts, form controls and permalink anchors go; a diagram's text version is shown
  open under the diagram (``<details>`` is not supported by e-readers); diagrams keep
  their inline SVG, drawn in black on white by ``epub.css``.
"""
from __future__ import annotations

import html
import io
import posixpath
import re
import time
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import html5lib
from lxml import etree

from explainer.core.errors import ContentError
from explainer.offline import bundle
from explainer.previews import cards, meta

from . import Site

XHTML = "http://www.w3.org/1999/xhtml"
SVG = "http://www.w3.org/2000/svg"
OPS = "http://www.idpf.org/2007/ops"
H = f"{{{XHTML}}}"
EPUB_TYPE = f"{{{OPS}}}type"
XMLNS_ATTR = "{http://www.w3.org/2000/xmlns/}"
XLINK = "http://www.w3.org/1999/xlink"
NSMAP = {None: XHTML, "epub": OPS}

CSS_FILE = Path(__file__).with_name("epub.css")
SECTION_CLASS = "ex-single__page"
PAGE_PREFIX = "page--"
NOTE_PREFIX = "note-"
# Elements an e-reader cannot use: dropped (form controls) or refused (embedded media).
DROPPED = {"script", "input", "button", "select", "textarea", "label", "output", "form"}
REFUSED = {"iframe", "object", "embed", "video", "audio", "canvas"}
IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
               ".svg": "image/svg+xml"}
NAME_LANGUAGES = ("zh-Hans", "zh-Latn-pinyin")  # as the glossary page marks a term's other names
LANDMARK_PAGES = {"glossary": "glossary", "sources": "bibliography"}


@dataclass
class Chapter:
    key: str                       # "blacklists"
    page: str                      # "blacklists.html", the offline page it comes from
    section: etree._Element
    title: str = ""
    headings: list[tuple[str, str]] = field(default_factory=list)  # (id, text) of the h2s
    has_svg: bool = False

    @property
    def file(self) -> str:
        return f"{self.key}.xhtml"


# --------------------------------------------------------------------------- helpers

def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def _local(element) -> str:
    tag = element.tag
    return tag.split("}", 1)[1] if isinstance(tag, str) and "}" in tag else str(tag)


def _remove(element) -> None:
    """Drop *element*, keeping the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    previous = element.getprevious()
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def _unwrap(element) -> None:
    """Replace *element* with its children."""
    parent = element.getparent()
    index = parent.index(element)
    previous = element.getprevious()
    text = element.text or ""
    if previous is not None:
        previous.tail = (previous.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    children = list(element)
    if children:
        children[-1].tail = (children[-1].tail or "") + (element.tail or "")
    elif element.tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    for offset, child in enumerate(children):
        parent.insert(index + offset, child)
    parent.remove(element)


def source_of(site_root: Path, page: str) -> Path:
    """The Markdown file an offline page was built from (``blacklists.html`` → ``docs/blacklists.md``)."""
    stem = page[: -len(".html")] if page.endswith(".html") else page
    for candidate in (f"{stem}.md", f"{stem[: -len('/index')]}.md" if stem.endswith("/index") else None):
        if candidate and (site_root / "docs" / candidate).is_file():
            return Path("docs") / candidate
    return Path("docs") / f"{stem}.md"


def source_line(site_root: Path, source: Path, needle: str) -> int | None:
    """The first line of *source* that contains *needle*, if any."""
    try:
        lines = (site_root / source).read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    for number, line in enumerate(lines, start=1):
        if needle and needle in line:
            return number
    return None


def online_address(site_url: str, path: str) -> str:
    """The public address of an offline path: ``myths/x.html#y`` → ``<site>/myths/x/#y``."""
    parts = urlsplit(path)
    page = parts.path
    if page.endswith("index.html"):
        page = page[: -len("index.html")]
    elif page.endswith(".html"):
        page = page[: -len(".html")] + "/"
    return site_url.rstrip("/") + "/" + page + (f"#{parts.fragment}" if parts.fragment else "")


# --------------------------------------------------------------------------- chapters

def read_chapters(single_page: str) -> list[Chapter]:
    document = html5lib.parse(single_page, treebuilder="lxml", namespaceHTMLElements=True)
    chapters = []
    for section in document.iter(f"{H}section"):
        if SECTION_CLASS in _classes(section) and (section.get("id") or "").startswith(PAGE_PREFIX):
            key = section.get("id")[len(PAGE_PREFIX):]
            chapters.append(Chapter(key, section.get("data-ex-page") or f"{key}.html", section))
    return chapters


def _clean(chapter: Chapter, site_root: Path) -> None:
    section = chapter.section
    source = source_of(site_root, chapter.page)
    for element in list(section.iter()):
        if not isinstance(element.tag, str):       # comments
            _remove(element)
            continue
        name = _local(element)
        if name in REFUSED:
            needle = f"<{name}"
            raise ContentError(source, source_line(site_root, source, needle),
                               f"<{name}> cannot go into the EPUB edition (e-readers do not play embedded media)",
                               "link to it instead")
    for element in list(section.iter(f"{H}*")):
        if element.getparent() is None and element is not section:
            continue  # already removed with an ancestor
        name = _local(element)
        if name in DROPPED:
            # A control's hint (aria-describedby) speaks of typing into it: it goes too.
            for ref in (element.get("aria-describedby") or "").split():
                for hint in section.iterfind(f".//*[@id='{ref}']"):
                    _remove(hint)
            _remove(element)
        elif element.get("hidden") is not None or "headerlink" in _classes(element):
            _remove(element)
        elif element.get("role") == "status" and not _text(element) and len(element) == 0:
            _remove(element)  # a live region a script fills
    for element in list(section.iter(f"{H}noscript")):
        _unwrap(element)
    for details in list(section.iter(f"{H}details")):
        details.tag = f"{H}div"
        details.set("class", " ".join(sorted(_classes(details) | {"ex-details"})))
        details.attrib.pop("open", None)
        for summary in details.findall(f"{H}summary"):
            summary.tag = f"{H}p"
            summary.set("class", "ex-summary")
    for element in section.iter():
        if isinstance(element.tag, str):
            # xmlns written as attributes in the HTML: the XML serializer declares namespaces itself.
            for attribute in [a for a in element.attrib
                              if a.startswith(("data-ex-", "xmlns", XMLNS_ATTR)) or a == "tabindex"]:
                del element.attrib[attribute]
    chapter.has_svg = section.find(f".//{{{SVG}}}svg") is not None
    heading = section.find(f".//{H}h1")
    chapter.title = _text(heading) if heading is not None else chapter.key
    chapter.headings = [(h.get("id"), _text(h)) for h in section.iter(f"{H}h2") if h.get("id")]


def _id_map(chapters: list[Chapter]) -> dict[str, str]:
    where: dict[str, str] = {}
    for chapter in chapters:
        for element in chapter.section.iter():
            if isinstance(element.tag, str) and element.get("id"):
                where.setdefault(element.get("id"), chapter.file)
    return where


def _link_target(link, here: Chapter, where: dict[str, str], site_url: str) -> str:
    """Where a link of the offline page points in the book (*link* is the ``<a>`` element)."""
    href = link.get("href")
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith("//"):
        return href
    fragment = parts.fragment
    if not parts.path:
        target = where.get(fragment)
        if target is None:
            return href
        return f"#{fragment}" if target == here.file else f"{target}#{fragment}"
    if fragment and fragment in where:
        target = where[fragment]
        return f"#{fragment}" if target == here.file else f"{target}#{fragment}"
    stem = posixpath.splitext(posixpath.basename(parts.path))[0]
    inside = any(element.get("id") == stem for element in link.iterancestors())
    if stem in where and not inside:  # a myth's share page: its text is the myth's section
        target = where[stem]
        return f"#{stem}" if target == here.file else f"{target}#{stem}"
    return online_address(site_url, href)


def _term_note(link, note_id: str, glossary_file: str, here: Chapter):
    """A footnote with a term's definition (from the link's tooltip: "Term · zh · pinyin — definition")."""
    title = link.get("title") or ""
    names, _, definition = title.partition(" — ")
    term, *others = [part.strip() for part in names.split(" · ")]
    entry = link.get("href", "").split("#")[-1]
    aside = etree.Element(f"{H}aside", {"id": note_id, EPUB_TYPE: "footnote", "class": "ex-note"})
    paragraph = etree.SubElement(aside, f"{H}p")
    target = f"{'' if glossary_file == here.file else glossary_file}#{entry}"
    anchor = etree.SubElement(paragraph, f"{H}a", {"href": target})
    anchor.text = term or _text(link)
    last = anchor
    for text, language in zip(others, NAME_LANGUAGES, strict=False):  # the Chinese name and its pinyin
        last.tail = " · "
        last = etree.SubElement(paragraph, f"{H}span", {"lang": language})
        last.text = text
    last.tail = f" — {definition}" if definition else ""
    return aside


def _notes(chapter: Chapter, chapters: list[Chapter], where: dict[str, str], site: Site) -> None:
    glossary_file = next((c.file for c in chapters if c.key == "glossary"), "")
    notes: dict[str, etree._Element] = {}
    for link in list(chapter.section.iter(f"{H}a")):
        classes = _classes(link)
        href = link.get("href")
        if href is None:
            continue
        if "ex-term" in classes and link.get("title"):
            entry = href.split("#")[-1]
            note_id = f"{NOTE_PREFIX}{entry}"
            if note_id not in notes:
                if note_id in where:
                    raise ContentError(source_of(site.root, chapter.page), None,
                                       f"the id '{note_id}' is taken, the EPUB edition uses it for a glossary note",
                                       "rename that heading or element")
                notes[note_id] = _term_note(link, note_id, glossary_file, chapter)
            link.set("href", f"#{note_id}")
            link.set(EPUB_TYPE, "noteref")
            link.attrib.pop("title", None)
            continue
        link.set("href", _link_target(link, chapter, where, site.url))
        if "ex-cite__link" in classes:
            link.set(EPUB_TYPE, "noteref")
    if notes:
        box = etree.SubElement(chapter.section, f"{H}section", {"class": "ex-notes", EPUB_TYPE: "footnotes"})
        heading = etree.SubElement(box, f"{H}h2", {"class": "ex-notes__title"})
        heading.text = "Terms on this page"
        for note_id in sorted(notes):
            box.append(notes[note_id])
    if chapter.key == "sources":
        for entry in chapter.section.iter(f"{H}dt"):
            if (entry.get("id") or "").startswith("src-"):
                entry.set(EPUB_TYPE, "endnote")


def _check_resources(chapter: Chapter, site: Site, images: dict[str, bytes]) -> None:
    source = source_of(site.root, chapter.page)
    for element in chapter.section.iter(f"{H}img", f"{H}source", f"{{{SVG}}}image"):
        src = element.get("src") or element.get("href") or element.get("{http://www.w3.org/1999/xlink}href") or ""
        parts = urlsplit(src)
        line = source_line(site.root, source, src)
        if parts.scheme or parts.netloc:
            raise ContentError(source, line, f"the image {src} is on another site; the EPUB edition cannot load it",
                               "save the image under docs/ and link to the copy")
        kind = IMAGE_TYPES.get(posixpath.splitext(parts.path)[1].lower())
        path = site.site_dir / parts.path
        if kind is None or not path.is_file():
            raise ContentError(source, line, f"the image {src} cannot go into the EPUB edition "
                               f"({'not a PNG, JPEG, GIF or SVG' if kind is None else 'no such file in the build'})",
                               "use a PNG, JPEG, GIF or SVG file under docs/")
        name = "images/" + parts.path.replace("/", "-")
        images[name] = path.read_bytes()
        element.set("src", name)


# --------------------------------------------------------------------------- documents

def _copy_into(parent, element) -> None:
    """Copy *element* under *parent* with clean namespace declarations: the default namespace
    switches to SVG on ``<svg>`` and back to XHTML inside ``<foreignObject>``, never a prefix."""
    namespace = etree.QName(element).namespace
    declare: dict[str | None, str] | None = {None: namespace} if namespace != etree.QName(parent).namespace else None
    if namespace == SVG and declare:
        declare["xlink"] = XLINK
    attributes = {k: v for k, v in element.attrib.items() if not k.startswith(XMLNS_ATTR) and k != "xmlns"}
    copy = etree.SubElement(parent, element.tag, attributes, nsmap=declare)
    copy.text, copy.tail = element.text, element.tail
    for child in element:
        if isinstance(child.tag, str):
            _copy_into(copy, child)
        elif child.tail:  # a comment's trailing text
            last = copy[-1] if len(copy) else None
            if last is not None:
                last.tail = (last.tail or "") + child.tail
            else:
                copy.text = (copy.text or "") + child.tail


def _document(title: str, language: str, body_children, body_type: str | None = None) -> bytes:
    root = etree.Element(f"{H}html", nsmap=NSMAP)
    root.set("lang", language)
    root.set("{http://www.w3.org/XML/1998/namespace}lang", language)
    head = etree.SubElement(root, f"{H}head")
    etree.SubElement(head, f"{H}meta", {"charset": "utf-8"})
    etree.SubElement(head, f"{H}title").text = title
    etree.SubElement(head, f"{H}link", {"rel": "stylesheet", "type": "text/css", "href": "epub.css"})
    body = etree.SubElement(root, f"{H}body")
    if body_type:
        body.set(EPUB_TYPE, body_type)
    for child in body_children:
        _copy_into(body, child)
    text = etree.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n' + text + "\n").encode("utf-8")


def _e(tag: str, text: str | None = None, **attrs) -> etree._Element:
    element = etree.Element(f"{H}{tag}", {k.rstrip("_").replace("__", ":"): v for k, v in attrs.items()})
    element.text = text
    return element


def _nav(book: Book, chapters: list[Chapter]) -> bytes:
    intro = _e("section", class_="ex-titlepage")
    intro.append(_e("h1", book.title))
    about = _e("p", f"Every page of the explainer in reading order, as of {book.date}. Latest version: ")
    link = etree.SubElement(about, f"{H}a", {"href": book.url})
    link.text = book.url
    intro.append(about)
    intro.append(_e("p", "Text and diagrams: Creative Commons Attribution 4.0 International (CC BY 4.0)."))
    toc = _e("nav", id="toc")
    toc.set(EPUB_TYPE, "toc")
    toc.append(_e("h2", "Contents"))
    items = etree.SubElement(toc, f"{H}ol")
    for chapter in chapters:
        item = etree.SubElement(items, f"{H}li")
        etree.SubElement(item, f"{H}a", {"href": chapter.file}).text = chapter.title
        if chapter.headings:
            sub = etree.SubElement(item, f"{H}ol")
            for heading_id, text in chapter.headings:
                entry = etree.SubElement(sub, f"{H}li")
                etree.SubElement(entry, f"{H}a", {"href": f"{chapter.file}#{heading_id}"}).text = text
    landmarks = _e("nav", id="landmarks", hidden="hidden")
    landmarks.set(EPUB_TYPE, "landmarks")
    landmarks.append(_e("h2", "Landmarks"))
    marks = etree.SubElement(landmarks, f"{H}ol")
    entries = [("cover", "cover.xhtml", "Cover"), ("toc", "nav.xhtml#toc", "Contents"),
               ("bodymatter", chapters[0].file, chapters[0].title)]
    entries += [(kind, c.file, c.title) for c in chapters for key, kind in LANDMARK_PAGES.items() if c.key == key]
    for kind, href, text in entries:
        item = etree.SubElement(marks, f"{H}li")
        anchor = etree.SubElement(item, f"{H}a", {"href": href})
        anchor.set(EPUB_TYPE, kind)
        anchor.text = text
    return _document(book.title, book.language, [intro, toc, landmarks])


def _cover(book: Book) -> bytes:
    section = _e("section", class_="ex-cover")
    section.set(EPUB_TYPE, "cover")
    section.append(_e("img", src="cover.png", alt=f"{book.title}: {book.description}"))
    return _document(book.title, book.language, [section])


@dataclass(frozen=True)
class Book:
    title: str
    language: str
    url: str
    description: str
    date: str          # YYYY-MM-DD
    modified: str      # YYYY-MM-DDThh:mm:ssZ

    @property
    def identifier(self) -> str:
        """Stable across builds and editions: derived from the public address."""
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, self.url)}"


def _package(book: Book, manifest: list[tuple[str, str, str, str]], spine: list[str]) -> bytes:
    esc = html.escape
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             '<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="book-id" '
             f'xml:lang="{esc(book.language)}">',
             '  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">',
             f'    <dc:identifier id="book-id">{esc(book.identifier)}</dc:identifier>',
             f'    <dc:title>{esc(book.title)}</dc:title>',
             f'    <dc:language>{esc(book.language)}</dc:language>',
             f'    <dc:creator>{esc(book.title)}</dc:creator>',
             f'    <dc:publisher>{esc(book.title)}</dc:publisher>',
             f'    <dc:date>{esc(book.date)}</dc:date>',
             f'    <dc:description>{esc(book.description)}</dc:description>',
             '    <dc:rights>Text and diagrams: CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)</dc:rights>',
             f'    <dc:source>{esc(book.url)}</dc:source>',
             f'    <meta property="dcterms:modified">{esc(book.modified)}</meta>',
             '    <meta name="cover" content="cover-image"/>',
             '  </metadata>',
             '  <manifest>']
    for item_id, href, media_type, properties in manifest:
        extra = f' properties="{properties}"' if properties else ""
        lines.append(f'    <item id="{item_id}" href="{esc(href)}" media-type="{media_type}"{extra}/>')
    lines.append('  </manifest>')
    lines.append('  <spine>')
    lines += [f'    <itemref idref="{item_id}"/>' for item_id in spine]
    lines += ['  </spine>', '</package>', '']
    return "\n".join(lines).encode("utf-8")


CONTAINER = b"""<?xml version="1.0" encoding="utf-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
"""


def write_epub(files: list[tuple[str, bytes]], epoch: int) -> bytes:
    """The EPUB container: ``mimetype`` first and stored, then *files* in order, one timestamp."""
    stamp = bundle.zip_time(epoch)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in [("mimetype", b"application/epub+zip"), ("META-INF/container.xml", CONTAINER), *files]:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            stored = name == "mimetype"
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            archive.writestr(info, data, compresslevel=None if stored else 9)
    return buffer.getvalue()


def cover_png(site: Site) -> bytes:
    """The home page's preview card (the same drawing the online site publishes)."""
    index = (site.site_dir / "index.html").read_text(encoding="utf-8")
    found = dict(re.findall(r'<meta property="og:(title|description)" content="([^"]*)"', index))
    card = cards.Card(site.name, meta.site_host(site.url), html.unescape(found.get("title", site.name)),
                      html.unescape(found.get("description", site.description)))
    fonts = cards.find_fonts(site.root)
    cached = site.root / ".cache" / "cards" / f"{cards.cache_key(card, fonts)}.png"
    return cached.read_bytes() if cached.is_file() else cards.render(card, fonts)


def build(site: Site) -> bytes:
    """The EPUB file's bytes."""
    single = site.site_dir / bundle.SINGLE_PAGE
    chapters = read_chapters(single.read_text(encoding="utf-8"))
    if not chapters:
        raise ContentError(bundle.SINGLE_PAGE, None, "no pages found for the EPUB edition",
                           "keep explainer/offline in the plugins list of mkdocs.yml")
    for chapter in chapters:
        _clean(chapter, site.root)
    where = _id_map(chapters)
    images: dict[str, bytes] = {}
    for chapter in chapters:
        _notes(chapter, chapters, where, site)
        _check_resources(chapter, site, images)
    book = Book(title=site.name, language=site.language, url=site.url, description=site.description,
                date=bundle.build_date(site.epoch),
                modified=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(int(site.epoch))))
    files = [("EPUB/cover.xhtml", _cover(book)), ("EPUB/nav.xhtml", _nav(book, chapters))]
    manifest = [("cover", "cover.xhtml", "application/xhtml+xml", ""),
                ("nav", "nav.xhtml", "application/xhtml+xml", "nav")]
    for chapter in chapters:
        body_type = LANDMARK_PAGES.get(chapter.key, "bodymatter" if chapter is chapters[0] else None)
        try:
            data = _document(f"{chapter.title} — {book.title}", book.language, [chapter.section], body_type)
            etree.fromstring(data)
        except (ValueError, etree.XMLSyntaxError) as err:
            source = source_of(site.root, chapter.page)
            raise ContentError(source, None, f"this page cannot be written as XHTML for the EPUB edition ({err})",
                               "fix the raw HTML in the page") from None
        files.append((f"EPUB/{chapter.file}", data))
        manifest.append((f"page-{chapter.key}", chapter.file, "application/xhtml+xml",
                         "svg" if chapter.has_svg else ""))
    files.append(("EPUB/epub.css", CSS_FILE.read_bytes()))
    manifest.append(("css", "epub.css", "text/css", ""))
    files.append(("EPUB/cover.png", cover_png(site)))
    manifest.append(("cover-image", "cover.png", "image/png", "cover-image"))
    for number, (name, data) in enumerate(sorted(images.items()), start=1):
        files.append((f"EPUB/{name}", data))
        manifest.append((f"image-{number}", name, IMAGE_TYPES[posixpath.splitext(name)[1].lower()], ""))
    spine = ["cover", "nav"] + [f"page-{c.key}" for c in chapters]
    files.insert(0, ("EPUB/package.opf", _package(book, manifest, spine)))
    return write_epub(files, site.epoch)
