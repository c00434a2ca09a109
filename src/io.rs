//! `std` integration: reading with a size limit, and owned std types.

use std::io::Read;
use std::string::String;
use std::vec::Vec;

use crate::error::Error;
use crate::event::OutcomeEvent;
use crate::jsonstr::JsonStr;
use crate::options::Options;

/// Why [`read_limited`] failed.
#[derive(Debug)]
pub enum ReadError {
    /// The reader failed.
    Io(std::io::Error),
    /// More than `limit` bytes were offered; reading stopped at `limit + 1`.
    TooLarge {
        /// The limit that was passed.
        limit: usize,
    },
}

impl core::fmt::Display for ReadError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "read failed: {e}"),
            ReadError::TooLarge { limit } => write!(f, "input larger than {limit} bytes"),
        }
    }
}

impl std::error::Error for ReadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ReadError::Io(e) => Some(e),
            ReadError::TooLarge { .. } => None,
        }
    }
}

/// Reads all of `reader`, but never more than `limit + 1` bytes: an input
/// over `limit` is [`ReadError::TooLarge`] without reading the rest.
pub fn read_limited<R: Read>(reader: R, limit: usize) -> Result<Vec<u8>, ReadError> {
    let mut buf = Vec::new();
    reader
        .take(limit as u64 + 1)
        .read_to_end(&mut buf)
        .map_err(ReadError::Io)?;
    if buf.len() > limit {
        return Err(ReadError::TooLarge { limit });
    }
    Ok(buf)
}

impl Options {
    /// Reads `reader` up to [`Options::max_input_bytes`] and parses it.
    /// An oversize input is [`InputTooLarge`](crate::ErrorKind::InputTooLarge).
    pub fn parse_reader<R: Read>(&self, reader: R) -> Result<OutcomeEvent, ReadOrParseError> {
        let bytes = match read_limited(reader, self.max_input_bytes) {
            Ok(b) => b,
            Err(ReadError::Io(e)) => return Err(ReadOrParseError::Io(e)),
            Err(ReadError::TooLarge { limit }) => {
                return Err(ReadOrParseError::Parse(Error::new(
                    crate::ErrorKind::InputTooLarge,
                    crate::Path::ROOT,
                    limit,
                )))
            }
        };
        self.parse(&bytes).map_err(ReadOrParseError::Parse)
    }
}

/// Why [`Options::parse_reader`] failed.
#[derive(Debug)]
pub enum ReadOrParseError {
    /// The reader failed.
    Io(std::io::Error),
    /// The payload was rejected.
    Parse(Error),
}

impl core::fmt::Display for ReadOrParseError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            ReadOrParseError::Io(e) => write!(f, "read failed: {e}"),
            ReadOrParseError::Parse(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for ReadOrParseError {}

impl<const NAME: usize, const IDS: usize, const MSG: usize> OutcomeEvent<NAME, IDS, MSG> {
    /// The canonical compact JSON in a `Vec`.
    pub fn to_json_vec(&self) -> Vec<u8> {
        let mut buf = std::vec![0u8; Self::MAX_JSON_LEN];
        // MAX_JSON_LEN always fits (tested), so the fallback is never taken.
        let len = self.to_json(&mut buf).unwrap_or(0);
        buf.truncate(len);
        buf
    }

    /// The canonical compact JSON as a `String`.
    pub fn to_json_string(&self) -> String {
        String::from_utf8(self.to_json_vec()).unwrap_or_default()
    }
}

impl From<JsonStr<'_>> for String {
    fn from(s: JsonStr<'_>) -> String {
        s.chars().collect()
    }
}

impl From<Error> for std::io::Error {
    fn from(e: Error) -> std::io::Error {
        std::io::Error::new(std::io::ErrorKind::InvalidData, e)
    }
}
