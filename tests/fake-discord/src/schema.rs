//! Request bodies checked against Discord's OpenAPI schemas (the checked-in subset).

#![allow(unused_imports)]

use crate::*;

// ---------------------------------------------------------------------------------------------
// Schema validation
// ---------------------------------------------------------------------------------------------

/// One problem found in a request body: a `/`-separated JSON path and a message.
#[derive(Clone, Debug)]
pub(crate) struct Problem {
    path: String,
    message: String,
}

impl Problem {
    pub(crate) fn new(path: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() {
            "(body)"
        } else {
            &self.path
        };
        write!(f, "{path}: {}", self.message)
    }
}

/// Discord's `50035 Invalid Form Body` error, with `errors` nested by path like the real API.
pub(crate) fn discord_form_error(problems: &[Problem]) -> Value {
    let mut errors = Value::Object(Map::new());
    for p in problems {
        let mut node = &mut errors;
        for seg in p.path.split('/').filter(|s| !s.is_empty()) {
            if !node.is_object() {
                break;
            }
            node = node
                .as_object_mut()
                .unwrap()
                .entry(seg.to_string())
                .or_insert_with(|| json!({}));
        }
        if node.is_object() {
            let list = node
                .as_object_mut()
                .unwrap()
                .entry("_errors")
                .or_insert_with(|| json!([]));
            if let Some(list) = list.as_array_mut() {
                list.push(json!({"code": "FAKE_DISCORD_INVALID", "message": p.message}));
            }
        }
    }
    json!({"code": 50035, "message": "Invalid Form Body", "errors": errors})
}

pub(crate) struct RouteSchema {
    /// The route's full requestBody schema.
    full: jsonschema::JSONSchema,
    /// For top-level `anyOf`/`oneOf` bodies: each branch, for precise error messages.
    branches: Vec<(String, jsonschema::JSONSchema)>,
}

pub(crate) fn schemas() -> &'static HashMap<&'static str, RouteSchema> {
    static SCHEMAS: OnceLock<HashMap<&'static str, RouteSchema>> = OnceLock::new();
    SCHEMAS.get_or_init(|| {
        let fixture: Value =
            serde_json::from_str(SCHEMA_FIXTURE).expect("discord-openapi-subset.json is JSON");
        let components = fixture["components"].clone();
        let compile = |schema: &Value| -> jsonschema::JSONSchema {
            // One root document holding the components, so `#/components/schemas/X` resolves.
            // OpenAPI 3.1 is JSON Schema 2020-12; jsonschema 0.18 without its draft202012
            // feature offers draft 7, which covers every keyword this subset uses (type
            // arrays, const, oneOf/anyOf/allOf, enum, min/max*, pattern, uniqueItems). `$ref`
            // siblings are only descriptions, which draft 7 may ignore.
            let root = json!({"components": components, "allOf": [schema]});
            jsonschema::JSONSchema::options()
                .with_draft(jsonschema::Draft::Draft7)
                .should_validate_formats(true)
                .should_ignore_unknown_formats(true) // snowflake, int32, int64, double, nonce
                .compile(&root)
                .unwrap_or_else(|e| panic!("request schema does not compile: {e}"))
        };
        SCHEMA_ROUTES
            .iter()
            .map(|&key| {
                let schema = &fixture["requests"][key];
                assert!(
                    schema.is_object(),
                    "fixture has no request schema for {key}"
                );
                let branches = schema
                    .get("anyOf")
                    .or_else(|| schema.get("oneOf"))
                    .and_then(Value::as_array)
                    .map(|alts| {
                        alts.iter()
                            .map(|alt| {
                                let name = alt["$ref"]
                                    .as_str()
                                    .and_then(|r| r.rsplit('/').next())
                                    .unwrap_or("alternative")
                                    .to_string();
                                (name, compile(alt))
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                (
                    key,
                    RouteSchema {
                        full: compile(schema),
                        branches,
                    },
                )
            })
            .collect()
    })
}

pub(crate) fn validate_against_schema(route_key: &str, body: &Value) -> Vec<Problem> {
    let rs = schemas()
        .get(route_key)
        .unwrap_or_else(|| panic!("no schema for route {route_key}"));
    let errors = match rs.full.validate(body) {
        Ok(()) => return Vec::new(),
        Err(errors) => errors
            .map(|e| Problem::new(e.instance_path.to_string(), truncate(&e.to_string(), 400)))
            .collect::<Vec<_>>(),
    };
    if rs.branches.is_empty() {
        return errors;
    }
    // anyOf bodies: the top-level error only says "not valid under any of the given schemas".
    // Report the errors of the branches whose discriminating `type` matched.
    let mut detailed = Vec::new();
    for (name, schema) in &rs.branches {
        if let Err(errs) = schema.validate(body) {
            let errs: Vec<_> = errs
                .map(|e| (e.instance_path.to_string(), truncate(&e.to_string(), 400)))
                .collect();
            if errs.iter().any(|(p, _)| p == "/type") {
                continue;
            }
            detailed.extend(
                errs.into_iter()
                    .map(|(p, m)| Problem::new(p, format!("[{name}] {m}"))),
            );
        }
    }
    if detailed.is_empty() {
        errors
    } else {
        detailed
    }
}

/// Validates `body` against the request schema of `route_key` (one of [`SCHEMA_ROUTES`]) and
/// the extra limit checks of that route; returns the problems as `path: message` strings.
pub fn validate_request_body(route_key: &str, body: &Value) -> Result<(), Vec<String>> {
    let (_, kind) = SCHEMA_ROUTES
        .iter()
        .position(|k| *k == route_key)
        .and_then(|_| {
            let (method, path) = route_key.split_once(' ')?;
            let segs: Vec<&str> = path.trim_matches('/').split('/').collect();
            classify(method, &segs)
        })
        .unwrap_or_else(|| panic!("unknown schema route {route_key}"));
    let mut problems = validate_against_schema(route_key, body);
    problems.extend(limit_problems(kind, body));
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.iter().map(Problem::to_string).collect())
    }
}
