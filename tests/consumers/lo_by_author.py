"""Run by the system python3 (which has LibreOffice's UNO bridge): open a
document with tracked changes in headless LibreOffice and, for each PARTY,
accept the changes whose author names that Party ("Brazil", or a joint
author "Brazil; European Union") and reject all others, one change at a
time as a user would in Edit > Track Changes > Manage; save the text.

usage: /usr/bin/python3 lo_by_author.py INPUT.docx OUTPUT_DIR PARTY...
writes OUTPUT_DIR/1.txt, 2.txt … (one per PARTY, in order), body text only.
"""

import os
import subprocess
import sys
import tempfile

import uno
from lo_views import connect, prop  # the same UNO set-up as the views driver (this folder is on sys.path)

JOINT = "; "


def first_redline(doc):
    redlines = doc.getRedlines()  # XRedlinesSupplier
    enum = redlines.createEnumeration()
    return enum.nextElement() if enum.hasMoreElements() else None


def party_view(desktop, smgr, ctx, src, dest, party):
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(src), "_blank", 0, (prop("Hidden", True),))
    try:
        dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
        controller = doc.getCurrentController()
        frame = controller.getFrame()
        for _ in range(10000):
            redline = first_redline(doc)
            if redline is None:
                break
            author = redline.getPropertyValue("RedlineAuthor")
            start = redline.getPropertyValue("RedlineStart")
            end = redline.getPropertyValue("RedlineEnd")
            cursor = start.getText().createTextCursorByRange(start)
            cursor.gotoRange(end, True)
            controller.select(cursor)
            command = ".uno:AcceptTrackedChange" if party in author.split(JOINT) else ".uno:RejectTrackedChange"
            dispatcher.executeDispatch(frame, command, "", 0, ())
        doc.storeToURL(uno.systemPathToFileUrl(dest), (prop("FilterName", "Text (encoded)"), prop("FilterOptions", "UTF8,LF")))
    finally:
        doc.close(True)


def main():
    src, out, parties = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]), sys.argv[3:]
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
        for n, party in enumerate(parties, 1):
            party_view(desktop, smgr, ctx, src, os.path.join(out, f"{n}.txt"), party)
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
