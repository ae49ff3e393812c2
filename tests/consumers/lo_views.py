"""Run by the system python3 (which has LibreOffice's UNO bridge): open a
document in headless LibreOffice, Accept All or Reject All tracked changes
(as a user would from Edit > Track Changes) and save the text as UTF-8.

usage: /usr/bin/python3 lo_views.py INPUT.docx OUTPUT_DIR
writes OUTPUT_DIR/final.txt (accept all) and OUTPUT_DIR/original.txt (reject
all), body text only, and final-notes.txt / original-notes.txt with the texts
of the footnotes
"""

import os
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(pipe):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(300):
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:
            time.sleep(0.1)
    raise SystemExit("LibreOffice did not start")


def view(desktop, smgr, ctx, src, dest, command):
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(src), "_blank", 0, (prop("Hidden", True),))
    try:
        dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
        frame = doc.getCurrentController().getFrame()
        dispatcher.executeDispatch(frame, command, "", 0, ())
        # footnotes: their texts to a file of their own, their anchors out of
        # the body (the text export would glue the note number to a word)
        notes = doc.getFootnotes()
        texts = [notes.getByIndex(i).getString() for i in range(notes.getCount())]
        for i in reversed(range(notes.getCount())):
            note = notes.getByIndex(i)
            note.getAnchor().getText().removeTextContent(note)
        with open(dest[:-4] + "-notes.txt", "w", encoding="utf-8") as fh:
            fh.write("\n".join(texts))
        doc.storeToURL(uno.systemPathToFileUrl(dest), (prop("FilterName", "Text (encoded)"), prop("FilterOptions", "UTF8,LF")))
    finally:
        doc.close(True)


def main():
    src, out = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    pipe = f"resamend_{os.getpid()}"
    profile = tempfile.mkdtemp(prefix="lo-profile-")
    office = subprocess.Popen(
        ["soffice", "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
         f"-env:UserInstallation=file://{profile}", f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        ctx = connect(pipe)
        smgr = ctx.ServiceManager
        desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        view(desktop, smgr, ctx, src, os.path.join(out, "final.txt"), ".uno:AcceptAllTrackedChanges")
        view(desktop, smgr, ctx, src, os.path.join(out, "original.txt"), ".uno:RejectAllTrackedChanges")
        try:
            desktop.terminate()
        except Exception:
            pass
    finally:
        try:
            office.wait(timeout=20)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main()
