//! The shared files' INI dialect, as the AWS SDKs' shared configuration file specification
//! defines it (and smithy-rs's `profile-parser-tests.json` checks):
//!
//! - A line that is blank, or whose first non-blank character is `#` or `;`, is skipped.
//! - `[NAME]` opens a section; anything from the first `#` or `;` on the line is a comment. In
//!   the config file `[default]` and `[profile NAME]` are profiles (`[profile default]` wins
//!   over `[default]`: with both, every bare `[default]` is ignored), `[sso-session NAME]` and
//!   `[services NAME]` are what they say, and any other section is ignored. In the credentials
//!   file every `[NAME]` is a profile (so `[profile x]` names the invalid profile `profile x`).
//! - `key = value` sets a property: a `#` or `;` that follows whitespace starts a comment (one
//!   touching the value is part of it); key and value are trimmed; keys are compared in ASCII
//!   lower case; profile and section names keep their case.
//! - A line starting with whitespace continues the property above: appended to its value after
//!   a newline, comments included. When that property's value was empty the continuation lines
//!   are its sub-properties, `name = value` each (`s3 =` then `  max_concurrent_requests = 10`).
//! - Names of profiles, sections and properties are letters, digits and `_-/.%@:+`; a section
//!   or property with another name is ignored, not an error.
//! - A section seen twice merges, and a property set twice keeps its last value.
//!
//! Syntax errors (a property before any section, a header without `]`, a line without `=`, a
//! continuation with nothing to continue) are a line number and a reason; the reason never
//! quotes the file, which may hold secrets.

use std::collections::BTreeMap;

use super::set::{Property, Section};
use super::FileKind;

/// What one file holds.
#[derive(Debug, Default)]
pub(super) struct ParsedFile {
    pub profiles: BTreeMap<String, Section>,
    pub sso_sessions: BTreeMap<String, Section>,
    pub services: BTreeMap<String, Section>,
}

/// A syntax error: the 1-based line and what is wrong there.
pub(super) type ParseError = (usize, &'static str);

/// Where the lines of the section being read go.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A profile from `[profile NAME]` (or any credentials-file header).
    Profile,
    /// The config file's `[default]`, used only when no `[profile default]` exists.
    BareDefault,
    SsoSession,
    Services,
    /// A section the files do not define, or with an invalid name: read, then dropped.
    Ignored,
}

/// The parser's state between lines.
struct Parser {
    file: FileKind,
    out: ParsedFile,
    bare_default: Option<Section>,
    /// The section being read, `None` before the first header.
    section: Option<(Kind, Section)>,
    /// The property continuation lines extend, and whether they are its sub-properties.
    property: Option<(String, bool)>,
}

/// Parses one shared file of the given kind.
pub(super) fn parse(text: &str, file: FileKind) -> Result<ParsedFile, ParseError> {
    let mut parser = Parser { file, out: ParsedFile::default(), bare_default: None, section: None, property: None };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (index, line) in text.lines().enumerate() {
        parser.line(line).map_err(|why| (index + 1, why))?;
    }
    parser.finish_section();
    let mut out = parser.out;
    if let Some(default) = parser.bare_default {
        out.profiles.entry("default".to_owned()).or_insert(default);
    }
    Ok(out)
}

impl Parser {
    fn line(&mut self, line: &str) -> Result<(), &'static str> {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with(['#', ';']) {
            return Ok(());
        }
        if line.starts_with([' ', '\t']) {
            return self.continuation(trimmed);
        }
        if trimmed.starts_with('[') {
            return self.header(trimmed);
        }
        self.property(trimmed)
    }

    /// `[NAME]`, with anything from the first `#` or `;` a comment.
    fn header(&mut self, line: &str) -> Result<(), &'static str> {
        let line = line.find(['#', ';']).map_or(line, |at| &line[..at]).trim_end();
        let inner = line[1..].strip_suffix(']').ok_or("Profile definition must end with ']'")?.trim();
        let (kind, name) = match self.file {
            FileKind::Credentials => (Kind::Profile, inner),
            FileKind::Config if inner == "default" => (Kind::BareDefault, inner),
            FileKind::Config => {
                let prefixed = |prefix| inner.strip_prefix(prefix).filter(|rest: &&str| rest.starts_with([' ', '\t']));
                if let Some(rest) = prefixed("profile") {
                    (Kind::Profile, rest.trim())
                } else if let Some(rest) = prefixed("sso-session") {
                    (Kind::SsoSession, rest.trim())
                } else if let Some(rest) = prefixed("services") {
                    (Kind::Services, rest.trim())
                } else {
                    (Kind::Ignored, inner)
                }
            }
        };
        let kind = if is_valid_name(name) { kind } else { Kind::Ignored };
        self.finish_section();
        self.section = Some((kind, Section::new(name)));
        Ok(())
    }

    /// `key = value`, with a comment after whitespace dropped.
    fn property(&mut self, line: &str) -> Result<(), &'static str> {
        let Some((_, section)) = &mut self.section else { return Err("Expected a profile definition") };
        let (key, value) = strip_comment(line).split_once('=').ok_or("Expected an '=' sign defining a property")?;
        let key = key.trim().to_ascii_lowercase();
        if key.is_empty() {
            return Err("Property did not have a name");
        }
        let value = value.trim();
        section.insert(key.clone(), Property::new(value).in_file(self.file));
        self.property = Some((key, value.is_empty()));
        Ok(())
    }

    /// An indented line: more of the property above, or one of its sub-properties.
    fn continuation(&mut self, line: &str) -> Result<(), &'static str> {
        let Some((_, section)) = &mut self.section else { return Err("Expected a profile definition") };
        let Some((key, nested)) = &self.property else {
            return Err("Expected a property definition, found continuation");
        };
        let Some(property) = section.property_mut(key) else { return Ok(()) };
        if *nested {
            let (name, value) = line.split_once('=').ok_or("Expected an '=' sign defining a sub-property")?;
            let name = name.trim();
            if name.is_empty() {
                return Err("Sub-property did not have a name");
            }
            property.push_sub_property(line, name.to_ascii_lowercase(), strip_comment(value).trim());
        } else {
            property.push_line(line);
        }
        Ok(())
    }

    /// Files the section just read where it belongs, merged with any earlier one of the same
    /// name, without its invalid property names.
    fn finish_section(&mut self) {
        self.property = None;
        let Some((kind, mut section)) = self.section.take() else { return };
        section.retain_keys(is_valid_name);
        let map = match kind {
            Kind::Profile => &mut self.out.profiles,
            Kind::SsoSession => &mut self.out.sso_sessions,
            Kind::Services => &mut self.out.services,
            Kind::BareDefault => {
                match &mut self.bare_default {
                    Some(earlier) => earlier.merge(section),
                    None => self.bare_default = Some(section),
                }
                return;
            }
            Kind::Ignored => return,
        };
        match map.get_mut(section.name()) {
            Some(earlier) => earlier.merge(section),
            None => {
                map.insert(section.name().to_owned(), section);
            }
        }
    }
}

/// The line up to a `#` or `;` that follows whitespace.
fn strip_comment(line: &str) -> &str {
    let mut after_space = false;
    for (at, c) in line.char_indices() {
        if after_space && (c == '#' || c == ';') {
            return &line[..at];
        }
        after_space = c.is_whitespace();
    }
    line
}

/// Whether a profile, section or property name is one the files allow: letters, digits and
/// `_-/.%@:+`, at least one.
pub(super) fn is_valid_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || "_-/.%@:+".contains(c))
}
