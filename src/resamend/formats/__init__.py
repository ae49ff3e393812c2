"""Format layers shared by a format's reader and writer (today: the DOCX
package, :mod:`.docx_package`).  Not core: only readers, writers and the
command line import from here."""
