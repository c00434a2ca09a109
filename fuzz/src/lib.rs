//! Shared code of the fuzz targets.
//!
//! - [`plain`]: a plain, std-only model of a payload (`Plain`), built from
//!   the crate's owned and borrowed results, so two results can be compared
//!   field by field, and the cross-checks every target runs on a parse.
//! - [`reference`]: the differential reference. serde_json decides JSON
//!   validity (through a custom visitor that also records duplicate names);
//!   a separate reimplementation of FACTS.md decides payload validity.
//! - [`render`]: turns a generated event into JSON with random whitespace,
//!   member order, escapes and unknown members, for the `roundtrip` target.

pub mod plain;
pub mod reference;
pub mod render;
