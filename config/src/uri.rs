//! The URL checks of the instance metadata and container providers: an absolute
//! `http(s)://host[:port][/path][?query]`, taken apart just enough to check the scheme and the
//! host. (No URL crate: the runtime has none either, and these URLs come from one variable or
//! profile key each.)

/// An absolute `http` or `https` URL, split.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Url<'a> {
    /// `http` or `https`, lower case.
    pub scheme: String,
    /// The host: a name, an IPv4 address, or an IPv6 address without its brackets.
    pub host: &'a str,
    /// The path and query, as written (empty or starting with `/` or `?`).
    pub rest: &'a str,
}

/// Bytes never valid in a URL: whitespace, controls, non-ASCII and the characters RFC 3986
/// leaves out.
fn invalid_byte(b: u8) -> bool {
    !b.is_ascii_graphic() || matches!(b, b'"' | b'<' | b'>' | b'\\' | b'^' | b'`' | b'{' | b'|' | b'}')
}

/// Splits `text`; the error says what is wrong.
pub(crate) fn parse(text: &str) -> Result<Url<'_>, String> {
    if let Some(at) = text.bytes().position(invalid_byte) {
        return Err(format!("a character not allowed in a URL at byte {at}"));
    }
    let Some((scheme, after)) = text.split_once("://") else {
        return Err("not an absolute URL: no host (expected http://host/... or https://host/...)".to_owned());
    };
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return Err(format!("unsupported scheme `{scheme}` (expected http or https)"));
    }
    let end = after.find(['/', '?', '#']).unwrap_or(after.len());
    let (authority, rest) = after.split_at(end);
    if rest.contains('#') {
        return Err("a fragment (`#`) is not allowed".to_owned());
    }
    if authority.contains('@') {
        return Err("user information (`user@`) is not allowed".to_owned());
    }
    let (host, port) = split_port(authority)?;
    if host.is_empty() {
        return Err("not an absolute URL: no host".to_owned());
    }
    if let Some(port) = port {
        if port.parse::<u16>().is_err() {
            return Err(format!("invalid port `{port}`"));
        }
    }
    Ok(Url { scheme, host, rest })
}

/// `host[:port]` or `[v6][:port]` → host (brackets removed) and port text.
fn split_port(authority: &str) -> Result<(&str, Option<&str>), String> {
    if let Some(bracketed) = authority.strip_prefix('[') {
        let (host, after) = bracketed.split_once(']').ok_or("an IPv6 host is missing its `]`")?;
        if host.parse::<std::net::Ipv6Addr>().is_err() {
            return Err(format!("`[{host}]` is not an IPv6 address"));
        }
        return match after {
            "" => Ok((host, None)),
            _ => after.strip_prefix(':').map(|p| (host, Some(p))).ok_or_else(|| "junk after `]`".to_owned()),
        };
    }
    Ok(match authority.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_split_into_scheme_host_and_rest() {
        let u = parse("HTTP://Example.com:8080/a/b?c=1").unwrap();
        assert_eq!((u.scheme.as_str(), u.host, u.rest), ("http", "Example.com", "/a/b?c=1"));
        let u = parse("http://[fd00:ec2::23]/v1/credentials").unwrap();
        assert_eq!((u.host, u.rest), ("fd00:ec2::23", "/v1/credentials"));
        let u = parse("https://custom").unwrap();
        assert_eq!((u.host, u.rest), ("custom", ""));
    }

    #[test]
    fn malformed_urls_say_why() {
        let cases = [
            ("not a uri", "not allowed in a URL"),
            ("/credentials", "no host"),
            ("http:///x", "no host"),
            ("ftp://host/", "unsupported scheme"),
            ("http://host:99999/", "invalid port"),
            ("http://host:x/", "invalid port"),
            ("http://user:pw@host/", "user information"),
            ("http://[::1/", "missing its `]`"),
            ("http://[nope]/", "not an IPv6 address"),
            ("http://host/\u{e9}", "not allowed in a URL"),
            ("http://host/a#b", "fragment"),
        ];
        for (text, expected) in cases {
            let err = parse(text).unwrap_err();
            assert!(err.contains(expected), "{text}: {err}");
        }
    }
}
