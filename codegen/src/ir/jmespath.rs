//! A parser for the JMESPath that AWS models write in waiter acceptors and paginator keys.
//!
//! It reads the whole JMESPath grammar's precedence (the reference parser's binding powers) so
//! an expression is understood as JMESPath means it, and names what it does not support
//! (multi-select lists and hashes, pipes, slices, expression references) instead of guessing.
//! The result is a syntax tree; [`super::expr`] resolves it against the service's shapes.

use std::fmt;

/// The longest expression accepted, in characters. AWS's waiters and paginators write at
/// most a few hundred (ElastiCache's longest is 34); the limit keeps the token list, and
/// every chain the parser builds without recursing (`a.b.c...`, `a || b || ...`), small.
pub const MAX_EXPRESSION_LEN: usize = 1024;

/// How deeply an expression may nest: parentheses, `!`, operators and projections inside one
/// another, counted both as parser recursion and as the depth of the resulting tree (which
/// resolving, emitting and dropping it recurse over). AWS's expressions nest a handful of
/// levels; 10,000 overflowed the stack. 32 leaves room and keeps every recursion shallow.
pub const MAX_DEPTH: usize = 32;

/// A parsed expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Ast {
    /// `@`: the value in scope.
    Current,
    /// `Name` or `"Name"`: a member of the value in scope.
    Field(String),
    /// `left.right`.
    Subexpr(Box<Ast>, Box<Ast>),
    /// `left[n]` (negative counts from the end).
    Index(Box<Ast>, i64),
    /// `left[]`: a list's elements, one level of nested lists flattened.
    Flatten(Box<Ast>),
    /// `left[*].rhs` (and, with a [`Ast::Flatten`] on the left, `left[].rhs`): `rhs` applied
    /// to each element of a list, missing results dropped.
    Projection(Box<Ast>, Box<Ast>),
    /// `left.*.rhs`: `rhs` applied to each value of an object.
    ValueProjection(Box<Ast>, Box<Ast>),
    /// `left[?cond].rhs`: the elements for which `cond` is truthy, projected by `rhs`.
    Filter(Box<Ast>, Box<Ast>, Box<Ast>),
    /// `` `json` `` or `'raw string'`.
    Literal(Literal),
    /// `a == b` and friends.
    Compare(Comparator, Box<Ast>, Box<Ast>),
    /// `a && b`.
    And(Box<Ast>, Box<Ast>),
    /// `a || b`.
    Or(Box<Ast>, Box<Ast>),
    /// `!a`.
    Not(Box<Ast>),
    /// `name(args...)`.
    Function(String, Vec<Ast>),
}

/// A literal value (lists and objects are outside the supported subset).
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number.
    Number(f64),
    /// A string.
    String(String),
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparator {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

/// Why an expression was not accepted: a syntax error or a construct outside the subset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// Character offset in the expression.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
    /// Valid JMESPath outside the supported subset (a pipe, a slice, a multi-select), rather
    /// than a syntax error or a limit exceeded.
    pub unsupported: bool,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at character {}: {}", self.offset, self.message)
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Quoted(String),
    Dot,
    Star,
    Flatten,
    Filter,
    LBracket,
    RBracket,
    LParen,
    RParen,
    LBrace,
    RBrace,
    Comma,
    Colon,
    At,
    Not,
    And,
    Or,
    Pipe,
    Amp,
    Cmp(Comparator),
    Number(i64),
    Literal(Literal),
    Eof,
}

impl Tok {
    /// The reference parser's binding powers.
    fn bp(&self) -> u8 {
        match self {
            Tok::Pipe => 1,
            Tok::Or => 2,
            Tok::And => 3,
            Tok::Cmp(_) => 5,
            Tok::Flatten => 9,
            Tok::Star => 20,
            Tok::Filter => 21,
            Tok::Dot => 40,
            Tok::Not => 45,
            Tok::LBrace => 50,
            Tok::LBracket => 55,
            Tok::LParen => 60,
            _ => 0,
        }
    }
}

/// Below `.` (40) and above the comparators and `&&`/`||`.
const NOT_OPERAND_BP: u8 = 39;

fn err<T>(offset: usize, message: impl Into<String>) -> Result<T, ParseError> {
    Err(ParseError { offset, message: message.into(), unsupported: false })
}

/// A construct of JMESPath that the subset leaves out.
fn unsupported<T>(offset: usize, message: impl Into<String>) -> Result<T, ParseError> {
    Err(ParseError { offset, message: message.into(), unsupported: true })
}

fn lex(src: &str) -> Result<Vec<(usize, Tok)>, ParseError> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        let two = |s: &str| chars[i..].iter().take(2).collect::<String>() == s;
        let tok = match c {
            ' ' | '\t' | '\n' | '\r' => {
                i += 1;
                continue;
            }
            'a'..='z' | 'A'..='Z' | '_' => {
                while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                out.push((start, Tok::Ident(chars[start..i].iter().collect())));
                continue;
            }
            '0'..='9' | '-' => {
                i += 1;
                while i < chars.len() && chars[i].is_ascii_digit() {
                    i += 1;
                }
                let text: String = chars[start..i].iter().collect();
                match text.parse() {
                    Ok(n) => out.push((start, Tok::Number(n))),
                    Err(_) => return err(start, format!("invalid number {text:?}")),
                }
                continue;
            }
            '"' | '\'' | '`' => {
                let quote = c;
                i += 1;
                let mut text = String::new();
                loop {
                    match chars.get(i) {
                        None => return err(start, format!("unterminated {quote}...{quote}")),
                        Some('\\') if chars.get(i + 1) == Some(&quote) => {
                            text.push(quote);
                            i += 2;
                        }
                        Some(&ch) if ch == quote => {
                            i += 1;
                            break;
                        }
                        Some(&ch) => {
                            text.push(ch);
                            i += 1;
                        }
                    }
                }
                let tok = match quote {
                    '"' => match serde_json::from_str::<String>(&format!("\"{text}\"")) {
                        Ok(s) => Tok::Quoted(s),
                        Err(e) => return err(start, format!("invalid quoted identifier: {e}")),
                    },
                    '\'' => Tok::Literal(Literal::String(text)),
                    _ => Tok::Literal(json_literal(start, &text)?),
                };
                out.push((start, tok));
                continue;
            }
            '[' if two("[]") => {
                i += 2;
                Tok::Flatten
            }
            '[' if two("[?") => {
                i += 2;
                Tok::Filter
            }
            '&' if two("&&") => {
                i += 2;
                Tok::And
            }
            '|' if two("||") => {
                i += 2;
                Tok::Or
            }
            '=' if two("==") => {
                i += 2;
                Tok::Cmp(Comparator::Eq)
            }
            '!' if two("!=") => {
                i += 2;
                Tok::Cmp(Comparator::Ne)
            }
            '<' if two("<=") => {
                i += 2;
                Tok::Cmp(Comparator::Le)
            }
            '>' if two(">=") => {
                i += 2;
                Tok::Cmp(Comparator::Ge)
            }
            _ => {
                i += 1;
                match c {
                    '.' => Tok::Dot,
                    '*' => Tok::Star,
                    '[' => Tok::LBracket,
                    ']' => Tok::RBracket,
                    '(' => Tok::LParen,
                    ')' => Tok::RParen,
                    '{' => Tok::LBrace,
                    '}' => Tok::RBrace,
                    ',' => Tok::Comma,
                    ':' => Tok::Colon,
                    '@' => Tok::At,
                    '!' => Tok::Not,
                    '|' => Tok::Pipe,
                    '&' => Tok::Amp,
                    '<' => Tok::Cmp(Comparator::Lt),
                    '>' => Tok::Cmp(Comparator::Gt),
                    other => return err(start, format!("unexpected character {other:?}")),
                }
            }
        };
        out.push((start, tok));
    }
    out.push((chars.len(), Tok::Eof));
    Ok(out)
}

fn json_literal(offset: usize, text: &str) -> Result<Literal, ParseError> {
    match serde_json::from_str::<serde_json::Value>(text.trim()) {
        Ok(serde_json::Value::Null) => Ok(Literal::Null),
        Ok(serde_json::Value::Bool(b)) => Ok(Literal::Bool(b)),
        Ok(serde_json::Value::Number(n)) => Ok(Literal::Number(n.as_f64().unwrap_or(f64::NAN))),
        Ok(serde_json::Value::String(s)) => Ok(Literal::String(s)),
        Ok(_) => unsupported(offset, "list and object literals are not supported"),
        Err(e) => err(offset, format!("invalid JSON literal `{text}`: {e}")),
    }
}

/// Parses one expression (at most [`MAX_EXPRESSION_LEN`] characters, nested at most
/// [`MAX_DEPTH`] deep).
pub fn parse(src: &str) -> Result<Ast, ParseError> {
    let len = src.chars().count();
    if len > MAX_EXPRESSION_LEN {
        return err(0, format!("the expression is {len} characters long; at most {MAX_EXPRESSION_LEN} are supported"));
    }
    let mut p = Parser { toks: lex(src)?, pos: 0, depth: 0 };
    let ast = p.expression(0)?;
    match p.peek() {
        Tok::Eof => {}
        t => return err(p.offset(), format!("unexpected {t:?} after a complete expression")),
    }
    let depth = ast.depth();
    if depth > MAX_DEPTH {
        return err(0, format!("the expression nests {depth} deep; at most {MAX_DEPTH} levels are supported"));
    }
    Ok(ast)
}

impl Ast {
    /// The operands of this node.
    fn children(&self) -> Vec<&Ast> {
        match self {
            Ast::Current | Ast::Field(_) | Ast::Literal(_) => Vec::new(),
            Ast::Index(a, _) | Ast::Flatten(a) | Ast::Not(a) => vec![a],
            Ast::Subexpr(a, b)
            | Ast::Projection(a, b)
            | Ast::ValueProjection(a, b)
            | Ast::Compare(_, a, b)
            | Ast::And(a, b)
            | Ast::Or(a, b) => vec![a, b],
            Ast::Filter(a, b, c) => vec![a, b, c],
            Ast::Function(_, args) => args.iter().collect(),
        }
    }

    /// The number of nodes on the longest path from this node down (a loop, not recursion).
    pub fn depth(&self) -> usize {
        let mut deepest = 0;
        let mut stack = vec![(self, 1)];
        while let Some((node, d)) = stack.pop() {
            deepest = deepest.max(d);
            stack.extend(node.children().into_iter().map(|c| (c, d + 1)));
        }
        deepest
    }
}

struct Parser {
    toks: Vec<(usize, Tok)>,
    pos: usize,
    /// How many [`Parser::expression`] calls are under way.
    depth: usize,
}

impl Parser {
    fn peek(&self) -> &Tok {
        &self.toks[self.pos.min(self.toks.len() - 1)].1
    }

    fn offset(&self) -> usize {
        self.toks[self.pos.min(self.toks.len() - 1)].0
    }

    fn next(&mut self) -> Tok {
        let t = self.peek().clone();
        if self.pos < self.toks.len() - 1 {
            self.pos += 1;
        }
        t
    }

    fn expect(&mut self, want: Tok) -> Result<(), ParseError> {
        let at = self.offset();
        match self.next() {
            t if t == want => Ok(()),
            t => err(at, format!("expected {want:?}, found {t:?}")),
        }
    }

    fn expression(&mut self, rbp: u8) -> Result<Ast, ParseError> {
        if self.depth >= MAX_DEPTH {
            return err(self.offset(), format!("the expression nests more than {MAX_DEPTH} levels deep"));
        }
        self.depth += 1;
        let result = self.expression_inner(rbp);
        self.depth -= 1;
        result
    }

    fn expression_inner(&mut self, rbp: u8) -> Result<Ast, ParseError> {
        let mut left = self.nud()?;
        while rbp < self.peek().bp() {
            left = self.led(left)?;
        }
        Ok(left)
    }

    fn nud(&mut self) -> Result<Ast, ParseError> {
        let at = self.offset();
        match self.next() {
            Tok::Ident(s) | Tok::Quoted(s) => Ok(Ast::Field(s)),
            Tok::Literal(l) => Ok(Ast::Literal(l)),
            Tok::At => Ok(Ast::Current),
            Tok::Star => {
                let rhs = self.projection_rhs(Tok::Star.bp())?;
                Ok(Ast::ValueProjection(Box::new(Ast::Current), Box::new(rhs)))
            }
            Tok::Flatten => {
                let rhs = self.projection_rhs(Tok::Flatten.bp())?;
                Ok(Ast::Projection(Box::new(Ast::Flatten(Box::new(Ast::Current))), Box::new(rhs)))
            }
            Tok::Filter => self.filter(Ast::Current),
            Tok::LBracket => self.bracket(Ast::Current, at),
            // `!a.b` negates `a.b`: the operand takes dots and brackets. (jmespath.py's binding
            // power of 45 would read it as `(!a).b`, which is always null.)
            Tok::Not => Ok(Ast::Not(Box::new(self.expression(NOT_OPERAND_BP)?))),
            Tok::LParen => {
                let inner = self.expression(0)?;
                self.expect(Tok::RParen)?;
                Ok(inner)
            }
            Tok::LBrace => unsupported(at, "multi-select hashes (`{...}`) are not supported"),
            Tok::Amp => unsupported(at, "expression references (`&expr`) are not supported"),
            t => err(at, format!("unexpected {t:?}")),
        }
    }

    fn led(&mut self, left: Ast) -> Result<Ast, ParseError> {
        let at = self.offset();
        match self.next() {
            Tok::Dot => {
                if self.peek() == &Tok::Star {
                    self.next();
                    let rhs = self.projection_rhs(Tok::Star.bp())?;
                    return Ok(Ast::ValueProjection(Box::new(left), Box::new(rhs)));
                }
                let rhs = self.dot_rhs(Tok::Dot.bp())?;
                Ok(Ast::Subexpr(Box::new(left), Box::new(rhs)))
            }
            Tok::Flatten => {
                let rhs = self.projection_rhs(Tok::Flatten.bp())?;
                Ok(Ast::Projection(Box::new(Ast::Flatten(Box::new(left))), Box::new(rhs)))
            }
            Tok::Filter => self.filter(left),
            Tok::LBracket => self.bracket(left, at),
            Tok::Or => Ok(Ast::Or(Box::new(left), Box::new(self.expression(Tok::Or.bp())?))),
            Tok::And => Ok(Ast::And(Box::new(left), Box::new(self.expression(Tok::And.bp())?))),
            Tok::Cmp(op) => Ok(Ast::Compare(op, Box::new(left), Box::new(self.expression(Tok::Cmp(op).bp())?))),
            Tok::Pipe => unsupported(at, "pipe expressions (`a | b`) are not supported"),
            Tok::LParen => {
                let Ast::Field(name) = left else { return err(at, "only a name can be called as a function") };
                let mut args = Vec::new();
                while self.peek() != &Tok::RParen {
                    args.push(self.expression(0)?);
                    if self.peek() == &Tok::Comma {
                        self.next();
                    } else if self.peek() != &Tok::RParen {
                        return err(self.offset(), format!("expected `,` or `)`, found {:?}", self.peek()));
                    }
                }
                self.next();
                Ok(Ast::Function(name, args))
            }
            Tok::LBrace => unsupported(at, "multi-select hashes (`{...}`) are not supported"),
            t => err(at, format!("unexpected {t:?}")),
        }
    }

    /// After `[`: an index (`[0]`, `[-1]`) or a wildcard projection (`[*]`).
    fn bracket(&mut self, left: Ast, at: usize) -> Result<Ast, ParseError> {
        match self.next() {
            Tok::Number(n) => {
                if self.peek() == &Tok::Colon {
                    return unsupported(at, "slices (`[a:b]`) are not supported");
                }
                self.expect(Tok::RBracket)?;
                Ok(Ast::Index(Box::new(left), n))
            }
            Tok::Star => {
                self.expect(Tok::RBracket)?;
                let rhs = self.projection_rhs(Tok::Star.bp())?;
                Ok(Ast::Projection(Box::new(left), Box::new(rhs)))
            }
            Tok::Colon => unsupported(at, "slices (`[a:b]`) are not supported"),
            _ => unsupported(at, "multi-select lists (`[a, b]`) are not supported"),
        }
    }

    fn filter(&mut self, left: Ast) -> Result<Ast, ParseError> {
        let cond = self.expression(0)?;
        self.expect(Tok::RBracket)?;
        let rhs = self.projection_rhs(Tok::Filter.bp())?;
        Ok(Ast::Filter(Box::new(left), Box::new(cond), Box::new(rhs)))
    }

    /// What follows a projection: nothing (`@`), or `.field...`, `[...]` chained on each element.
    fn projection_rhs(&mut self, bp: u8) -> Result<Ast, ParseError> {
        match self.peek() {
            t if t.bp() < 10 => Ok(Ast::Current),
            Tok::LBracket | Tok::Filter | Tok::Flatten => self.expression(bp),
            Tok::Dot => {
                self.next();
                self.dot_rhs(bp)
            }
            t => err(self.offset(), format!("unexpected {t:?} after a projection")),
        }
    }

    fn dot_rhs(&mut self, bp: u8) -> Result<Ast, ParseError> {
        match self.peek() {
            Tok::Ident(_) | Tok::Quoted(_) | Tok::Star => self.expression(bp),
            Tok::LBracket => unsupported(self.offset(), "multi-select lists (`.[a, b]`) are not supported"),
            Tok::LBrace => unsupported(self.offset(), "multi-select hashes (`.{a: b}`) are not supported"),
            t => err(self.offset(), format!("expected a name after `.`, found {t:?}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(s: &str) -> Box<Ast> {
        Box::new(Ast::Field(s.into()))
    }

    #[test]
    fn projections_bind_tighter_than_comparisons() {
        assert_eq!(
            parse("CacheClusters[].CacheClusterStatus").unwrap(),
            Ast::Projection(Box::new(Ast::Flatten(f("CacheClusters"))), f("CacheClusterStatus"))
        );
        assert_eq!(
            parse("length(Reservations[]) > `0`").unwrap(),
            Ast::Compare(
                Comparator::Gt,
                Box::new(Ast::Function(
                    "length".into(),
                    vec![Ast::Projection(Box::new(Ast::Flatten(f("Reservations"))), Box::new(Ast::Current))]
                )),
                Box::new(Ast::Literal(Literal::Number(0.0)))
            )
        );
        assert_eq!(
            parse("a.b || !c && d == 'x'").unwrap(),
            Ast::Or(
                Box::new(Ast::Subexpr(f("a"), f("b"))),
                Box::new(Ast::And(
                    Box::new(Ast::Not(f("c"))),
                    Box::new(Ast::Compare(Comparator::Eq, f("d"), Box::new(Ast::Literal(Literal::String("x".into())))))
                ))
            )
        );
        assert_eq!(
            parse("!a.b == c").unwrap(),
            Ast::Compare(Comparator::Eq, Box::new(Ast::Not(Box::new(Ast::Subexpr(f("a"), f("b"))))), f("c"))
        );
        assert_eq!(parse("Jobs[-1].JobId").unwrap(), Ast::Subexpr(Box::new(Ast::Index(f("Jobs"), -1)), f("JobId")));
        assert_eq!(parse("V.*.S").unwrap(), Ast::ValueProjection(f("V"), f("S")),);
        assert!(matches!(parse("I[?S == `1`].N").unwrap(), Ast::Filter(..)));
    }

    #[test]
    fn outside_the_subset_is_named() {
        // `unsupported`: valid JMESPath the subset leaves out (the paginator or waiter is then
        // omitted), not a syntax error (which fails generation). `a[` cannot be told from the
        // start of a multi-select list without parsing one.
        for (src, what, unsupported) in [
            ("a | b", "pipe", true),
            ("a[0:2]", "slices", true),
            ("a.[b, c]", "multi-select lists", true),
            ("{a: b}", "multi-select hashes", true),
            ("sort_by(a, &b)", "expression references", true),
            ("a[", "multi-select lists", true),
            ("`[1]`", "list and object", true),
            ("'open", "unterminated", false),
            ("a b", "after a complete expression", false),
            ("a.", "expected a name", false),
        ] {
            let e = parse(src).unwrap_err();
            assert!(e.message.contains(what), "{src}: {e}");
            assert_eq!(e.unsupported, unsupported, "{src}: {e}");
        }
    }
}
