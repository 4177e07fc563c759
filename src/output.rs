//! Atomic output: write to a temporary file beside the target, then rename.
//!
//! A failed or interrupted build therefore never leaves a half-written file,
//! and the previous good file stays in place until the new one is complete.

use std::fs;
use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The temporary files being written, so that a build stopped by Ctrl-C
/// can remove them ([`remove_pending`]): the PDF and the EPUB are each
/// written into one for the whole build.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Removes every temporary file still being written (before the process
/// exits on Ctrl-C; the outputs they would replace are left as they were).
pub fn remove_pending() {
    let pending = std::mem::take(&mut *PENDING.lock().unwrap_or_else(|e| e.into_inner()));
    for tmp in pending {
        let _ = fs::remove_file(tmp);
    }
}

fn pending(tmp: &Path, add: bool) {
    let mut list = PENDING.lock().unwrap_or_else(|e| e.into_inner());
    if add {
        list.push(tmp.to_path_buf());
    } else {
        list.retain(|p| p != tmp);
    }
}

/// The first of `dir` and its ancestors that exists and is not a folder:
/// nothing can be written under `dir` while it is in the way (the file
/// system says only "File exists", or "Not a directory").
pub fn file_in_the_way(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .filter(|d| !d.as_os_str().is_empty())
        .find(|d| d.exists())
        .filter(|d| !d.is_dir())
        .map(Path::to_path_buf)
}

/// Writes `bytes` to `path` atomically (same-directory temp file + rename).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = AtomicFile::create(path)?;
    file.write_all(bytes)?;
    file.commit()
}

/// Rewrites the existing file `path` (an author's source) atomically, as
/// an editor saves it: through a symbolic link to the file it names (the
/// link stays a link, and the real source is what changes), keeping the
/// file's permissions (a private chapter stays private).
pub fn rewrite_in_place(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let real = fs::canonicalize(path)?;
    let permissions = fs::metadata(&real)?.permissions();
    let mut file = AtomicFile::create(&real)?;
    file.write_all(bytes)?;
    fs::set_permissions(&file.tmp, permissions)?;
    file.commit()
}

/// A file being written in place of `path`: its bytes go to a temporary
/// file beside it, which becomes `path` only on [`AtomicFile::commit`].
/// Dropped uncommitted (a failed build), the temporary file is removed,
/// and so are the folders its creation made, if still empty.
pub struct AtomicFile {
    path: PathBuf,
    tmp: PathBuf,
    /// `None` once committed.
    file: Option<BufWriter<Writeback>>,
    /// Folders made for the file, innermost first.
    made: Vec<PathBuf>,
    /// The first error a write met, as text (for the caller's message:
    /// the writer it was handed to may report it less precisely).
    error: Option<String>,
    /// Synced to the disk (by [`AtomicFile::sync`]) and not written since.
    synced: bool,
}

impl AtomicFile {
    /// Starts writing `path`: makes its folder if need be and opens the
    /// temporary file.
    pub fn create(path: &Path) -> io::Result<Self> {
        // Found now, before anything is written: renamed over at the end,
        // a folder failed the build after the other edition had replaced
        // its file (the editions then disagreed).
        if path.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::IsADirectory,
                "a folder of that name is in the way",
            ));
        }
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let made: Vec<PathBuf> = dir
            .ancestors()
            .take_while(|d| !d.as_os_str().is_empty() && !d.exists())
            .map(Path::to_path_buf)
            .collect();
        fs::create_dir_all(dir)?;
        let name = path.file_name().ok_or_else(|| {
            io::Error::new(io::ErrorKind::InvalidInput, "output path has no file name")
        })?;
        let tmp = dir.join(format!(
            ".{}.tmp-{}",
            name.to_string_lossy(),
            std::process::id()
        ));
        let mut atomic = AtomicFile {
            path: path.to_path_buf(),
            tmp,
            file: None,
            made,
            error: None,
            synced: false,
        };
        // On failure here, `Drop` removes the folders just made.
        pending(&atomic.tmp, true);
        let file = Writeback::new(fs::File::create(&atomic.tmp)?);
        // Large pieces: the PDF writer hands over objects of a few bytes.
        atomic.file = Some(BufWriter::with_capacity(256 * 1024, file));
        Ok(atomic)
    }

    /// The first error writing met, if any.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// Flushes the file and syncs it to the disk now, so that
    /// [`AtomicFile::commit`] need not (unless it is written again): a
    /// file finished well before the build ends (the EPUB, beside the
    /// PDF's last pages) is synced on its own thread meanwhile.
    pub fn sync(&mut self) -> io::Result<()> {
        let result = match &mut self.file {
            Some(f) => f.flush().and_then(|()| f.get_ref().file.sync_all()),
            None => Err(io::Error::other("the file is already committed")),
        };
        self.synced = result.is_ok();
        self.note(result)
    }

    /// Finishes the file: flushed, synced (unless [`AtomicFile::sync`]
    /// did since the last write), and renamed over `path`.
    pub fn commit(mut self) -> io::Result<()> {
        let file = self.file.take().expect("committed once");
        let synced = self.synced;
        let result = (|| {
            let file = file.into_inner().map_err(io::IntoInnerError::into_error)?;
            if !synced {
                file.file.sync_all()?;
            }
            fs::rename(&self.tmp, &self.path)
        })();
        if result.is_err() {
            self.discard();
        } else {
            pending(&self.tmp, false);
        }
        result
    }

    fn discard(&mut self) {
        self.file = None;
        let _ = fs::remove_file(&self.tmp);
        pending(&self.tmp, false);
        for dir in &self.made {
            // Only if empty: another output may have been written there.
            let _ = fs::remove_dir(dir);
        }
    }

    fn note<T>(&mut self, result: io::Result<T>) -> io::Result<T> {
        if let Err(e) = &result {
            self.error.get_or_insert_with(|| e.to_string());
        }
        result
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.synced &= buf.is_empty();
        let result = match &mut self.file {
            Some(f) => f.write(buf),
            None => Err(io::Error::other("the file is already committed")),
        };
        self.note(result)
    }

    fn flush(&mut self) -> io::Result<()> {
        let result = match &mut self.file {
            Some(f) => f.flush(),
            None => Ok(()),
        };
        self.note(result)
    }
}

/// The EPUB's zip writer goes back to each entry's header to fill in its
/// sizes and CRC once the entry is written.
impl Seek for AtomicFile {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let result = match &mut self.file {
            Some(f) => f.seek(to),
            None => Err(io::Error::other("the file is already committed")),
        };
        self.note(result)
    }
}

/// A file that asks the system to start writing its bytes to the disk
/// every [`Writeback::EVERY`] bytes, without waiting for it: the sync at
/// commit then has only the last of them to write. It took ~1 ms for the
/// 10-chapter book's PDF (1.7 MB) and ~5 ms for the 80-chapter book's
/// (13 MB), the last thing a build did, with nothing else left to do;
/// written back as the build goes, ~0.2 ms.
struct Writeback {
    file: fs::File,
    /// Where the next write goes.
    at: u64,
    /// Bytes before this are on their way to the disk.
    started: u64,
}

impl Writeback {
    const EVERY: u64 = 256 << 10;

    fn new(file: fs::File) -> Writeback {
        Writeback {
            file,
            at: 0,
            started: 0,
        }
    }

    /// Starts writing back what was written since the last start, once
    /// it is [`Writeback::EVERY`] bytes. Only a hint: an error (a file
    /// system that cannot) changes nothing, the sync at commit writes all.
    fn start_writing(&mut self) {
        if self.at < self.started + Self::EVERY {
            return;
        }
        #[cfg(target_os = "linux")]
        {
            use std::os::fd::AsRawFd;
            let (Ok(from), Ok(length)) = (
                i64::try_from(self.started),
                i64::try_from(self.at - self.started),
            ) else {
                return;
            };
            // SAFETY: a valid open descriptor; the call only starts the
            // write-back of pages already written (SYNC_FILE_RANGE_WRITE
            // neither waits for it nor changes the file).
            unsafe {
                libc::sync_file_range(
                    self.file.as_raw_fd(),
                    from,
                    length,
                    libc::SYNC_FILE_RANGE_WRITE,
                );
            }
        }
        self.started = self.at;
    }
}

impl Write for Writeback {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let written = self.file.write(buf)?;
        self.at += written as u64;
        self.start_writing();
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// The zip writer's seeks back (to fill in an entry's header) rewrite a
/// few bytes before `started`: they go with the sync at commit, and the
/// next start is from `started` again once the writes pass it.
impl Seek for Writeback {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        self.at = self.file.seek(to)?;
        Ok(self.at)
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.file.is_some() {
            self.discard();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_where_a_folder_should_be_is_found() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("book.toml");
        fs::write(&file, "").unwrap();
        assert_eq!(file_in_the_way(&file), Some(file.clone()));
        assert_eq!(
            file_in_the_way(&file.join("out/deeper")),
            Some(file.clone())
        );
        assert_eq!(file_in_the_way(&dir.path().join("out/deeper")), None);
        assert_eq!(file_in_the_way(dir.path()), None);
        assert_eq!(file_in_the_way(Path::new("not-there-yet")), None);
    }

    #[test]
    fn replaces_existing_file_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out").join("book.epub");
        write_atomic(&target, b"one").unwrap();
        write_atomic(&target, b"two").unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(target.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "stray files: {names:?}");
    }

    #[test]
    fn an_uncommitted_file_leaves_the_old_one_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("book.pdf");
        write_atomic(&target, b"good").unwrap();
        let mut file = AtomicFile::create(&target).unwrap();
        file.write_all(b"half a fi").unwrap();
        file.flush().unwrap();
        drop(file);
        assert_eq!(fs::read(&target).unwrap(), b"good");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    /// The EPUB's zip writer seeks back to fill in each entry's header.
    #[test]
    fn a_seek_back_overwrites_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("book.epub");
        let mut file = AtomicFile::create(&target).unwrap();
        file.write_all(b"hello world").unwrap();
        assert_eq!(file.seek(SeekFrom::Start(0)).unwrap(), 0);
        file.write_all(b"J").unwrap();
        assert_eq!(file.seek(SeekFrom::End(0)).unwrap(), 11);
        file.write_all(b"!").unwrap();
        file.commit().unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"Jello world!");
    }

    /// A file synced early is not synced again at commit, unless written
    /// since; either way it commits whole.
    #[test]
    fn a_sync_holds_until_the_next_write() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("book.epub");
        let mut file = AtomicFile::create(&target).unwrap();
        file.write_all(b"mimetype").unwrap();
        assert!(!file.synced);
        file.sync().unwrap();
        assert!(file.synced);
        file.write_all(b"").unwrap();
        assert!(file.synced, "an empty write changes nothing");
        file.write_all(b" and more").unwrap();
        assert!(!file.synced, "written after the sync");
        file.sync().unwrap();
        file.commit().unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"mimetype and more");
    }

    /// A long file is handed to the disk as it is written, seeks back
    /// and all, and commits with exactly the bytes written.
    #[test]
    fn a_long_file_is_written_back_as_it_goes() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("book.pdf");
        let mut file = AtomicFile::create(&target).unwrap();
        let mut expected = Vec::new();
        // Odd-sized pieces, past the write-back step three times.
        let mut i = 0u32;
        while expected.len() < 3 * Writeback::EVERY as usize + 17 {
            let piece: Vec<u8> = (0..4099).map(|k| ((k + i) % 251) as u8).collect();
            file.write_all(&piece).unwrap();
            expected.extend(&piece);
            i += 1;
        }
        file.flush().unwrap();
        let writeback = file.file.as_ref().unwrap().get_ref();
        assert_eq!(writeback.at, expected.len() as u64);
        assert!(
            writeback.started >= 2 * Writeback::EVERY && writeback.started <= writeback.at,
            "write-back started at {} of {}",
            writeback.started,
            writeback.at
        );
        // A header filled in far behind, as the zip writer does.
        file.seek(SeekFrom::Start(10)).unwrap();
        file.write_all(b"HEADER").unwrap();
        expected[10..16].copy_from_slice(b"HEADER");
        file.seek(SeekFrom::End(0)).unwrap();
        file.write_all(b"tail").unwrap();
        expected.extend(b"tail");
        file.commit().unwrap();
        assert_eq!(fs::read(&target).unwrap(), expected);
    }

    #[test]
    fn an_uncommitted_file_removes_the_folders_it_made() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out").join("deeper").join("book.pdf");
        let file = AtomicFile::create(&target).unwrap();
        assert!(target.parent().unwrap().is_dir());
        drop(file);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
