//! JMESPath expressions resolved against a service's shapes: what emitters turn into plain Rust
//! over the typed output.
//!
//! [`compile`] parses an expression ([`super::jmespath`]) and checks every member it names, so a
//! path to a missing member fails generation. Navigation (members, `[]`, `[n]`, `[?...]`,
//! `.*`) becomes a [`Path`] of typed [`Step`]s; what leaves the types (comparisons, `&&`,
//! `||`, `!`, `length`, `contains`, literals) stays an [`Expr`] node evaluated over the
//! runtime's JSON-like `Value`. Protocol-neutral: a Smithy waiter's expressions resolve the same.
//! An [`ExprError`] says whether the expression is wrong (a syntax error, a missing member: the
//! model is at fault) or valid JMESPath outside the subset (the waiter or paginator is left out).

use super::jmespath::{self, Ast};
pub use super::jmespath::{Comparator, Literal};
use super::{Service, ShapeId, ShapeKind};

/// A resolved expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A walk over the typed value in scope.
    Path(Path),
    /// A constant.
    Literal(Literal),
    /// `a op b`.
    Compare(Comparator, Box<Expr>, Box<Expr>),
    /// `a && b`.
    And(Box<Expr>, Box<Expr>),
    /// `a || b`.
    Or(Box<Expr>, Box<Expr>),
    /// `!a`.
    Not(Box<Expr>),
    /// `length(a)`.
    Length(Box<Expr>),
    /// `contains(subject, search)`.
    Contains(Box<Expr>, Box<Expr>),
}

/// How many values a path holds at some step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Card {
    /// Exactly one (the value in scope; a plain required member of it).
    One,
    /// Zero or one (an optional member).
    Opt,
    /// A projection: any number, missing ones dropped.
    Many,
}

/// A walk from the value in scope through typed members.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    /// The steps, each knowing the cardinality it starts from.
    pub steps: Vec<Step>,
    /// The shape of the value(s) at the end.
    pub shape: ShapeId,
    /// How many values are at the end.
    pub card: Card,
}

/// One step of a [`Path`]; `from` is the cardinality before it. A step from [`Card::Many`]
/// applies to each value.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// A structure member.
    Member {
        /// Cardinality before the step.
        from: Card,
        /// The model name (`CacheClusterStatus`).
        name: String,
        /// The Rust field name.
        rust_name: String,
        /// The member's shape.
        target: ShapeId,
        /// The field is boxed.
        boxed: bool,
        /// The field is not an `Option`.
        plain: bool,
    },
    /// A list's elements (`[]`, `[*]`); from [`Card::Many`] it flattens one level.
    Flatten {
        /// Cardinality before the step.
        from: Card,
    },
    /// One element of a list; negative counts from the end.
    Index {
        /// Cardinality before the step (never [`Card::Many`]).
        from: Card,
        /// The index.
        index: i64,
    },
    /// A map's values (`.*`).
    MapValues {
        /// Cardinality before the step (never [`Card::Many`]).
        from: Card,
    },
    /// A list's elements for which `cond` (evaluated on each element) is truthy.
    Filter {
        /// Cardinality before the step (never [`Card::Many`]).
        from: Card,
        /// The condition, in scope of one element.
        cond: Box<Expr>,
    },
}

/// Why an expression does not resolve; the message quotes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExprError {
    /// Not valid against the model: a syntax error, a missing member, `[]` applied to a
    /// string, a limit exceeded. The model is at fault; generation fails.
    Invalid(String),
    /// Valid JMESPath outside the supported subset (a pipe, a slice, a function other than
    /// `length` and `contains`, ...): what uses it is left out and listed.
    Unsupported(String),
}

impl ExprError {
    /// The message, whichever kind.
    pub fn message(&self) -> &str {
        match self {
            ExprError::Invalid(m) | ExprError::Unsupported(m) => m,
        }
    }

    fn map(self, f: impl FnOnce(String) -> String) -> Self {
        match self {
            ExprError::Invalid(m) => ExprError::Invalid(f(m)),
            ExprError::Unsupported(m) => ExprError::Unsupported(f(m)),
        }
    }
}

impl std::fmt::Display for ExprError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.message())
    }
}

fn invalid(message: impl Into<String>) -> ExprError {
    ExprError::Invalid(message.into())
}

fn unsupported(message: impl Into<String>) -> ExprError {
    ExprError::Unsupported(message.into())
}

/// Parses `src` and resolves it against `root` (the shape of the value in scope).
pub fn compile(svc: &Service, root: &str, src: &str) -> Result<Expr, ExprError> {
    let shown = shown(src);
    let ast = jmespath::parse(src).map_err(|e| {
        let message = format!("expression `{shown}` {e}");
        if e.unsupported {
            ExprError::Unsupported(message)
        } else {
            ExprError::Invalid(message)
        }
    })?;
    value(svc, root, &ast).map_err(|e| e.map(|m| format!("expression `{shown}`: {m}")))
}

/// A hostile expression can be long: an error quotes the start of it.
fn shown(src: &str) -> String {
    match src.char_indices().nth(SHOWN_CHARS) {
        Some((end, _)) => format!("{}...", &src[..end]),
        None => src.to_string(),
    }
}

/// How much of an expression an error quotes.
const SHOWN_CHARS: usize = 200;

/// Parses `src` as a path only (paginator keys): no functions, comparisons or literals.
pub fn compile_path(svc: &Service, root: &str, src: &str) -> Result<Path, ExprError> {
    match compile(svc, root, src)? {
        Expr::Path(p) => Ok(p),
        // `NextMarker || Contents[-1].Key` (S3) is JMESPath, but not a path.
        _ => Err(unsupported(format!("expression `{}`: only a member path is supported here", shown(src)))),
    }
}

fn value(svc: &Service, root: &str, ast: &Ast) -> Result<Expr, ExprError> {
    let b = |a: &Ast| value(svc, root, a).map(Box::new);
    Ok(match ast {
        Ast::Literal(l) => Expr::Literal(l.clone()),
        Ast::Compare(op, l, r) => Expr::Compare(*op, b(l)?, b(r)?),
        Ast::And(l, r) => Expr::And(b(l)?, b(r)?),
        Ast::Or(l, r) => Expr::Or(b(l)?, b(r)?),
        Ast::Not(a) => Expr::Not(b(a)?),
        Ast::Function(name, args) => match (name.as_str(), args.as_slice()) {
            ("length", [a]) => Expr::Length(b(a)?),
            ("contains", [s, x]) => Expr::Contains(b(s)?, b(x)?),
            ("length" | "contains", _) => return Err(invalid(format!("wrong number of arguments to {name}()"))),
            _ => return Err(unsupported(format!("function {name}() is not supported (supported: length, contains)"))),
        },
        _ => {
            let mut p = Path { steps: Vec::new(), shape: root.to_string(), card: Card::One };
            walk(svc, ast, &mut p)?;
            Expr::Path(p)
        }
    })
}

fn kind_name(svc: &Service, id: &str) -> &'static str {
    match &svc.shape(id).kind {
        ShapeKind::Structure(_) => "a structure",
        ShapeKind::List(_) => "a list",
        ShapeKind::Map(_) => "a map",
        ShapeKind::String(_) => "a string",
        ShapeKind::Boolean => "a boolean",
        ShapeKind::Timestamp(_) => "a timestamp",
        ShapeKind::Blob => "a blob",
        _ => "a number",
    }
}

fn walk(svc: &Service, ast: &Ast, p: &mut Path) -> Result<(), ExprError> {
    let from = p.card;
    match ast {
        Ast::Current => {}
        Ast::Field(name) => {
            let ShapeKind::Structure(st) = &svc.shape(&p.shape).kind else {
                return Err(invalid(format!("`{name}` is looked up in {}, not a structure", kind_name(svc, &p.shape))));
            };
            let Some(m) = st.members.iter().find(|m| &m.name == name) else {
                let known: Vec<&str> = st.members.iter().map(|m| m.name.as_str()).collect();
                return Err(invalid(format!(
                    "`{}` has no member `{name}` (members: {})",
                    svc.shape(&p.shape).rust_name,
                    known.join(", ")
                )));
            };
            // The same rule as the emitted field type: a required input member is a plain field.
            let plain = st.required_is_plain && m.required && !m.idempotency_token;
            p.steps.push(Step::Member {
                from,
                name: m.name.clone(),
                rust_name: m.rust_name.clone(),
                target: m.target.clone(),
                boxed: m.boxed,
                plain,
            });
            p.shape = m.target.clone();
            p.card = match from {
                Card::Many => Card::Many,
                Card::One if plain => Card::One,
                _ => Card::Opt,
            };
        }
        Ast::Subexpr(l, r) => {
            walk(svc, l, p)?;
            walk(svc, r, p)?;
        }
        Ast::Index(l, index) => {
            walk(svc, l, p)?;
            let elem = single_list(svc, p, "an index")?;
            p.steps.push(Step::Index { from: p.card, index: *index });
            p.shape = elem;
            p.card = Card::Opt;
        }
        Ast::Flatten(l) => {
            walk(svc, l, p)?;
            match &svc.shape(&p.shape).kind {
                ShapeKind::List(list) => {
                    p.steps.push(Step::Flatten { from: p.card });
                    p.shape = list.member.clone();
                    p.card = Card::Many;
                }
                // Flattening a projection of non-lists keeps its values.
                _ if p.card == Card::Many => {}
                _ => return Err(invalid(format!("`[]` is applied to {}, not a list", kind_name(svc, &p.shape)))),
            }
        }
        Ast::Projection(l, rhs) => {
            walk(svc, l, p)?;
            if !matches!(**l, Ast::Flatten(_)) {
                // `[*]`: a projection over the list's elements.
                let elem = single_list(svc, p, "`[*]`")?;
                p.steps.push(Step::Flatten { from: p.card });
                p.shape = elem;
                p.card = Card::Many;
            }
            walk(svc, rhs, p)?;
        }
        Ast::ValueProjection(l, rhs) => {
            walk(svc, l, p)?;
            let ShapeKind::Map(map) = &svc.shape(&p.shape).kind else {
                let what = kind_name(svc, &p.shape);
                return Err(match &svc.shape(&p.shape).kind {
                    // JMESPath projects a structure's values too; the subset does not.
                    ShapeKind::Structure(_) => {
                        unsupported(format!("`.*` is applied to {what}; only maps are supported"))
                    }
                    _ => invalid(format!("`.*` is applied to {what}, not a map")),
                });
            };
            if p.card == Card::Many {
                return Err(unsupported("`.*` inside a projection is not supported"));
            }
            p.steps.push(Step::MapValues { from: p.card });
            p.shape = map.value.clone();
            p.card = Card::Many;
            walk(svc, rhs, p)?;
        }
        Ast::Filter(l, cond, rhs) => {
            walk(svc, l, p)?;
            let elem = single_list(svc, p, "a filter")?;
            let cond = value(svc, &elem, cond)?;
            p.steps.push(Step::Filter { from: p.card, cond: Box::new(cond) });
            p.shape = elem;
            p.card = Card::Many;
            walk(svc, rhs, p)?;
        }
        Ast::Literal(_) | Ast::Compare(..) | Ast::And(..) | Ast::Or(..) | Ast::Not(_) | Ast::Function(..) => {
            return Err(unsupported("a member path cannot continue after a function, comparison or literal"))
        }
    }
    Ok(())
}

/// The element shape of the list `p` ends at, which must be a single list (not a projection).
fn single_list(svc: &Service, p: &Path, what: &str) -> Result<ShapeId, ExprError> {
    match &svc.shape(&p.shape).kind {
        ShapeKind::List(_) if p.card == Card::Many => {
            Err(unsupported(format!("{what} inside a projection is not supported")))
        }
        ShapeKind::List(list) => Ok(list.member.clone()),
        _ => Err(invalid(format!("{what} is applied to {}, not a list", kind_name(svc, &p.shape)))),
    }
}
