//! One test per construct the boto3 and CLI pages use, each built from a real excerpt (trimmed to
//! what the construct needs), plus the promises about bad input: a diagnostic with a location,
//! never a panic.

use awsdoc_codegen::source::{FileId, SourceFile};
use awsdoc_codegen::syntax::{DocType, Field, Page, Role};
use awsdoc_codegen::{build, rst, InputFile, ServiceInputs};

fn parse(text: &str) -> (Option<Page>, Vec<String>) {
    let src = SourceFile::new("page.rst", text);
    let mut diags = Vec::new();
    let page = rst::parse_page(FileId(0), &src, &mut diags);
    let mut sources = awsdoc_codegen::source::Sources::default();
    sources.add(SourceFile::new("page.rst", text));
    (page, diags.iter().map(|d| d.headline(&sources)).collect())
}

fn parse_ok(text: &str) -> Page {
    let (page, diags) = parse(text);
    assert!(diags.is_empty(), "{diags:#?}");
    page.expect("page")
}

/// A boto3 client page around `params` (the `:type`/`:param` block) and `request` (call body),
/// with `returns` as the `:returns:` body, all in the documenter's indentation.
fn client(method: &str, op: &str, request: &str, params: &str, returns: &str) -> String {
    format!(
        ":doc:`SSM <../../ssm>` / Client / {method}\n\n\
         .. py:method:: SSM.Client.{method}(**kwargs)\n\n  Does it.\n\n  \
         See also: `AWS API Documentation <https://docs.aws.amazon.com/goto/WebAPI/ssm-2014-11-06/{op}>`_  \n\n\n  \
         **Request Syntax**\n  ::\n\n    response = client.{method}(\n{request}    )\n    \n{params}  \n  :rtype: dict\n  :returns: {returns}\n"
    )
}

fn input(page: &Page) -> &[Field] {
    match page {
        Page::Client(c) => &c.input,
        Page::Cli(c) => &c.input,
        Page::Paginator(p) => &p.input,
        Page::Waiter(_) => &[],
    }
}

fn find<'a>(fields: &'a [Field], name: &str) -> &'a Field {
    fields.iter().find(|f| f.name.as_deref() == Some(name)).unwrap_or_else(|| panic!("no field {name}"))
}

#[test]
fn every_boto3_type_spelling() {
    let types = [
        ("S", "string", "'string'", DocType::String),
        ("I", "integer", "123", DocType::Integer),
        ("F", "float", "...", DocType::Float),
        ("D", "float", "123.0", DocType::Float),
        ("B", "boolean", "True|False", DocType::Boolean),
        ("T", "datetime", "datetime(2015, 1, 1)", DocType::Timestamp),
        ("Y", "bytes", "b'bytes'", DocType::Blob),
        ("U", "bytes or seekable file-like object", "b'bytes'|file", DocType::BlobOrFile),
        ("Doc", ":ref:`document<document>`", "{...}|[...]|123|123.4|'string'|True|None", DocType::Document),
        ("Body", ":class:`.StreamingBody`", "StreamingBody()", DocType::StreamingBody),
        ("Ev", ":class:`.EventStream`", "EventStream({})", DocType::EventStream),
    ];
    let request: String = types.iter().map(|(n, _, s, _)| format!("        {n}={s},\n")).collect();
    let params: String =
        types.iter().map(|(n, t, _, _)| format!("  :type {n}: {t}\n  :param {n}: \n\n    Docs of {n}.\n\n")).collect();
    let page = parse_ok(&client("m", "M", &request, &params, "None"));
    for (n, _, _, ty) in types {
        assert_eq!(find(input(&page), n).ty, ty, "{n}");
    }
}

#[test]
fn every_cli_type_spelling_and_the_deprecated_line_is_prose() {
    let page = parse_ok(
        "[ :ref:`aws <cli:aws>` . :ref:`ssm <cli:aws ssm>` ]\n\n\
         ****\nop-x\n****\n\n===========\nDescription\n===========\n\nX.\n\n\
         See also: `AWS API Documentation <https://docs.aws.amazon.com/goto/WebAPI/ssm-2014-11-06/OpX>`_\n\n\
         ========\nSynopsis\n========\n\n::\n\n    op-x\n  --a <value>\n  [--b <value>]\n\n\
         =======\nOptions\n=======\n\n``--a`` (long)\n\n\n  A long.\n\n  (deprecated)\n\n\
         ``--b`` (double)\n\n\n  A double.\n\n\
         ======\nOutput\n======\n\nL -> (long)\n\n  Long.\n\nD -> (double)\n\nBl -> (blob)\n\nTs -> (timestamp)\n\n\
         Doc -> (document)\n\nU -> (tagged union structure)\n\n  Union.\n\n  A -> (string)\n\n    One.\n\n",
    );
    let Page::Cli(cli) = &page else { panic!() };
    assert_eq!(find(&cli.input, "a").ty, DocType::Long);
    assert_eq!(find(&cli.input, "a").required, Some(true));
    assert_eq!(find(&cli.input, "a").docs, "A long.\n\n(deprecated)", "`(deprecated)` is prose, not a type");
    assert_eq!(find(&cli.input, "b").required, Some(false));
    let out: Vec<DocType> = cli.output.iter().map(|f| f.ty).collect();
    use DocType::*;
    assert_eq!(out, [Long, Double, Blob, Timestamp, Document, Union]);
    assert!(find(&cli.output, "U").union);
}

/// SSM GetInventory: `'Aggregators': {'... recursive ...'}`; the bullet has docs, no children.
#[test]
fn recursive_placeholder_resolves_to_the_ancestor_shape() {
    let request = "        Aggregators=[\n            {\n                'Expression': 'string',\n                'Aggregators': {'... recursive ...'},\n            },\n        ],\n";
    let params = "  :type Aggregators: list\n  :param Aggregators: \n\n    Returns counts.\n\n    \n    - *(dict) --* \n\n      Specifies the inventory type.\n\n      \n      - **Expression** *(string) --* \n\n        The inventory type.\n\n        \n      - **Aggregators** *(list) --* \n\n        Nested aggregators to further refine aggregation for an inventory type.\n\n        \n";
    let page = parse_ok(&client("get_inventory", "GetInventory", request, params, "None"));
    let aggs = find(input(&page), "Aggregators");
    let nested = find(&aggs.children[0].children, "Aggregators");
    assert!(nested.recursive && nested.children.is_empty());
    assert_eq!(nested.docs, "Nested aggregators to further refine aggregation for an inventory type.");

    let model = build_one(&client("get_inventory", "GetInventory", request, params, "None"));
    let op = &model.operations["GetInventory"];
    assert_eq!(op.input[0].ty.to_string(), "list<InventoryAggregator>");
    let awsdoc_codegen::model::Shape::Structure { members, .. } = &model.shapes["InventoryAggregator"] else {
        panic!()
    };
    assert_eq!(members[1].ty.to_string(), "list<InventoryAggregator>", "the recursion points back at its ancestor");
}

/// SSM CreateCloudConnector: `.. note:: This is a Tagged Union structure.` at two depths.
#[test]
fn tagged_union_notes() {
    let request = "        Configuration={\n            'Azure': {\n                'Targets': {\n                    'Ids': ['string',]\n                }\n            },\n            'Gcp': {}\n        },\n";
    let params = "  :type Configuration: dict\n  :param Configuration: **[REQUIRED]** \n\n    The configuration.\n\n    .. note::    This is a Tagged Union structure. Only one of the     following top level keys can be set: ``Azure``, ``Gcp``. \n\n    \n    - **Azure** *(dict) --* \n\n      Azure.\n\n      \n      - **Targets** *(dict) --* \n\n        Targets.\n\n        .. note::    This is a Tagged Union structure. Only one of the     following top level keys can be set: ``Ids``. \n\n        \n        - **Ids** *(list) --* \n\n          Ids.\n\n          \n          - *(string) --* \n\n      \n    - **Gcp** *(dict) --* \n\n      Gcp.\n\n";
    let page = parse_ok(&client("create_cloud_connector", "CreateCloudConnector", request, params, "None"));
    let conf = find(input(&page), "Configuration");
    assert!(conf.union && conf.ty == DocType::Union);
    let targets = find(&find(&conf.children, "Azure").children, "Targets");
    assert!(targets.union);
    assert!(!find(&conf.children, "Gcp").union);
}

/// SSM SendCommand `Parameters`: a boto3 map is a dict whose unnamed key entry holds the value.
#[test]
fn boto3_map_and_cli_map() {
    let request =
        "        Parameters={\n            'string': [\n                'string',\n            ]\n        },\n";
    let params = "  :type Parameters: dict\n  :param Parameters: \n\n    The parameters.\n\n    \n    - *(string) --* \n\n      \n      - *(list) --* \n\n        \n        - *(string) --* \n\n    \n";
    let page = parse_ok(&client("send_command", "SendCommand", request, params, "None"));
    let p = find(input(&page), "Parameters");
    assert_eq!(p.ty, DocType::Map);
    let roles: Vec<(Role, DocType)> = p.children.iter().map(|c| (c.role, c.ty)).collect();
    assert_eq!(roles, [(Role::Key, DocType::String), (Role::Value, DocType::List)]);

    let cli = parse_ok(
        "[ :ref:`aws <cli:aws>` . :ref:`ssm <cli:aws ssm>` ]\n\n****\nsend-command\n****\n\n\
         ===========\nDescription\n===========\n\nRuns.\n\n\
         See also: `AWS API Documentation <https://docs.aws.amazon.com/goto/WebAPI/ssm-2014-11-06/SendCommand>`_\n\n\
         =======\nOptions\n=======\n\n``--parameters`` (map)\n\n\n  The parameters.\n\n  key -> (string)\n\n    \n\n  \
         value -> (list)\n\n    \n\n    (string)\n\n      \n\n\nShorthand Syntax::\n\n    KeyName1=string,string\n\n\n\
         JSON Syntax::\n\n  {\"string\": [\"string\", ...]\n    ...}\n\n\n",
    );
    let p = find(input(&cli), "parameters");
    assert_eq!(p.ty, DocType::Map);
    assert_eq!(p.children.iter().map(|c| c.role).collect::<Vec<_>>(), [Role::Key, Role::Value]);
    assert_eq!(p.children[1].children[0].ty, DocType::String);
}

/// `**[REQUIRED]**` on a top-level parameter and on members two levels down.
#[test]
fn required_at_every_depth() {
    let request = "        Targets=[\n            {\n                'Key': 'string',\n                'Inner': {\n                    'Deep': 'string'\n                }\n            },\n        ],\n";
    let params = "  :type Targets: list\n  :param Targets: **[REQUIRED]** \n\n    Targets.\n\n    \n    - *(dict) --* \n\n      A target.\n\n      \n      - **Key** *(string) --* **[REQUIRED]** \n\n        Key.\n\n        \n      - **Inner** *(dict) --* \n\n        Inner.\n\n        \n        - **Deep** *(string) --* **[REQUIRED]** \n\n          Deep.\n\n";
    let page = parse_ok(&client("m", "M", request, params, "None"));
    let t = find(input(&page), "Targets");
    assert_eq!(t.required, Some(true));
    let item = &t.children[0];
    assert_eq!(find(&item.children, "Key").required, Some(true));
    assert_eq!(find(&item.children, "Inner").required, Some(false));
    assert_eq!(find(&find(&item.children, "Inner").children, "Deep").required, Some(true));
}

/// Enum values come from syntax blocks only, never from prose: the seed CLI page says
/// `STEP_FUNCTION`; the boto3 syntax block says `STEP_FUNCTIONS`.
#[test]
fn enum_values_come_only_from_syntax_blocks() {
    let returns = "\n    \n    **Response Syntax**\n\n    \n    ::\n\n      {\n          'TaskType': 'RUN_COMMAND'|'AUTOMATION'|'STEP_FUNCTIONS'|'LAMBDA',\n          'Plain': 'string'\n      }\n      \n    **Response Structure**\n\n    \n\n    - *(dict) --* \n      \n\n      - **TaskType** *(string) --* \n\n        Task types include the following: LAMBDA, STEP_FUNCTION, AUTOMATION, RUN_COMMAND.\n\n        \n      - **Plain** *(string) --* \n\n        Values: ``A`` | ``B``.\n\n";
    let page = parse_ok(&client("m", "M", "", "", returns));
    let Page::Client(c) = &page else { panic!() };
    let root = c.output.as_ref().unwrap();
    assert_eq!(
        find(&root.children, "TaskType").enum_values.as_deref().unwrap(),
        ["RUN_COMMAND", "AUTOMATION", "STEP_FUNCTIONS", "LAMBDA"]
    );
    assert_eq!(find(&root.children, "Plain").enum_values, None);
}

/// The current CLI format lists `Possible values` for a top-level enum.
#[test]
fn cli_possible_values() {
    let page = parse_ok(
        "[ :ref:`aws <cli:aws>` . :ref:`ssm <cli:aws ssm>` ]\n\n.. meta::\n   :description: x\n\n****\ncreate-patch-baseline\n****\n\n\
         ===========\nDescription\n===========\n\nCreates.\n\n\
         See also: `AWS API Documentation <https://docs.aws.amazon.com/goto/WebAPI/ssm-2014-11-06/CreatePatchBaseline>`_\n\n\
         =======\nOptions\n=======\n\n``--operating-system`` (string)\n\n\n  Defines the operating system.\n\n  \n\n  Possible values:\n\n  \n  *   ``WINDOWS``\n\n  \n  *   ``AMAZON_LINUX``\n\n  \n\n  \n\n\
         ==============\nGlobal Options\n==============\n\n``--debug`` (boolean)\n\nTurn on debug logging.\n\n",
    );
    let Page::Cli(c) = &page else { panic!() };
    assert!(c.current_format);
    let os = find(&c.input, "operating-system");
    assert_eq!(os.enum_values.as_deref().unwrap(), ["WINDOWS", "AMAZON_LINUX"]);
    assert_eq!(os.docs, "Defines the operating system.");
    assert_eq!(c.input.len(), 1, "global options are not members");
}

#[test]
fn exceptions_list() {
    let mut page = client("m", "M", "", "", "None");
    page.push_str("  **Exceptions**\n  \n  *   :py:class:`SSM.Client.exceptions.DoesNotExistException`\n\n  \n  *   :py:class:`SSM.Client.exceptions.InternalServerError`\n\n  \n");
    let Page::Client(c) = parse_ok(&page) else { panic!() };
    let names: Vec<&str> = c.errors.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["DoesNotExistException", "InternalServerError"]);
}

#[test]
fn nesting_twenty_levels_deep() {
    let depth = 20;
    let mut request = String::from("        L0={\n");
    let mut params = String::from("  :type L0: dict\n  :param L0: \n\n    Level 0.\n\n");
    for d in 1..depth {
        let ind = " ".repeat(4 + 2 * d);
        request.push_str(&format!("{}'L{d}': {{\n", " ".repeat(8 + 4 * d)));
        params.push_str(&format!(
            "{}- **L{d}** *(dict) --* **[REQUIRED]** \n\n{}  Level {d}.\n\n",
            &ind[2..],
            &ind[2..]
        ));
    }
    for d in (0..depth).rev() {
        request.push_str(&format!("{}}}\n", " ".repeat(8 + 4 * d)));
    }
    let page = parse_ok(&client("m", "M", &request, &params, "None"));
    let mut f = find(input(&page), "L0");
    for d in 1..depth {
        f = find(&f.children, &format!("L{d}"));
        assert_eq!(f.required, Some(true));
    }
    assert_eq!(f.docs, format!("Level {}.", depth - 1));
}

/// U+2028 is text, not a line break; NBSP and ligatures survive; bold lines in prose stay prose.
#[test]
fn unicode_and_bold_prose() {
    let text = client("m", "M", "        A='string',\n", "  :type A: string\n  :param A: \n\n    One\u{2028}two\u{a0}three \u{fb01}le.\n\n    **Important**\n\n    More.\n\n", "None")
        .replace("  Does it.\n", "  Does it.\n\n  **Note**\n\n  Bold is not a heading.\n");
    let Page::Client(c) = parse_ok(&text) else { panic!() };
    assert_eq!(c.input[0].docs, "One\u{2028}two\u{a0}three \u{fb01}le.\n\n**Important**\n\nMore.");
    assert_eq!(c.docs, "Does it.\n\n**Note**\n\nBold is not a heading.");
}

#[test]
fn waiter_page() {
    let page = parse_ok(
        ":doc:`SSM <../../ssm>` / Waiter / CommandExecuted\n\n.. py:class:: SSM.Waiter.CommandExecuted\n\n  ::\n\n    waiter = client.get_waiter('command_executed')\n\n  .. py:method:: wait(**kwargs)\n\n    \
         Polls :py:meth:`SSM.Client.get_command_invocation` every 5 seconds until a successful state is reached. An error is raised after 20 failed checks.\n\n    \
         **Request Syntax**\n    ::\n\n      waiter.wait(\n          CommandId='string',\n      )\n      \n    :type CommandId: string\n    :param CommandId: **[REQUIRED]** \n\n      The ID.\n\n    \n    :returns: None\n",
    );
    let Page::Waiter(w) = page else { panic!() };
    assert_eq!((w.method.as_str(), w.delay, w.max_attempts), ("get_command_invocation", 5, 20));
}

// ---- bad input ----

#[test]
fn unknown_type_is_a_located_diagnostic() {
    let text = client("m", "M", "        A='string',\n", "  :type A: strnig\n  :param A: \n\n    Docs.\n\n", "None");
    let (_, diags) = parse(&text);
    let line = text.lines().position(|l| l.contains(":type A: strnig")).unwrap() + 1;
    assert_eq!(diags, [format!("page.rst:{line}:12: unknown boto3 type `strnig`")]);
}

#[test]
fn broken_syntax_block_is_a_located_diagnostic() {
    let text = client("m", "M", "        A='string,\n", "  :type A: string\n  :param A: \n\n    Docs.\n\n", "None");
    let (_, diags) = parse(&text);
    let line = text.lines().position(|l| l.contains("A='string,")).unwrap() + 1;
    assert!(
        diags.iter().any(|d| d.starts_with(&format!("page.rst:{line}:11: cannot read this syntax block"))),
        "{diags:#?}"
    );
}

#[test]
fn not_a_doc_page_and_not_utf8() {
    let (page, diags) = parse("Hello, world\n");
    assert!(page.is_none());
    assert!(diags[0].starts_with("page.rst:1:1: this does not look like a boto3 or AWS CLI page"), "{diags:?}");

    let mut bytes = client("m", "M", "", "", "None").into_bytes();
    bytes.insert(40, 0xff);
    let inputs = ServiceInputs {
        pages: vec![InputFile { name: "bad.rst".into(), bytes }],
        descriptor: InputFile { name: "service.toml".into(), bytes: DESCRIPTOR.as_bytes().to_vec() },
        overrides: None,
        api: None,
        api_paginators: None,
        api_waiters: None,
        endpoint_rules: None,
    };
    let failure = build(&inputs).unwrap_err();
    assert!(failure.render().starts_with("bad.rst:3:4: this byte is not UTF-8"), "{}", failure.render());
}

/// Every prefix of every seed page either parses or yields diagnostics: no panic, no hang.
#[test]
fn truncated_pages_never_panic() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seeds");
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let mut cut = 0;
        while cut < text.len() {
            if text.is_char_boundary(cut) {
                let _ = parse(&text[..cut]);
                // Also drop one line's indentation, the commonest hand-edit mistake.
                let _ = parse(&text[..cut].replacen("\n    ", "\n", 1));
            }
            cut += 97;
        }
    }
}

const DESCRIPTOR: &str = "service_id = \"SSM\"\nprotocol = \"json\"\njson_version = \"1.1\"\ntarget_prefix = \"AmazonSSM\"\nsigning_name = \"ssm\"\nendpoint_prefix = \"ssm\"\napi_version = \"2014-11-06\"\n";

fn build_one(page: &str) -> awsdoc_codegen::model::ServiceModel {
    build_pages(&[("client.rst", page)])
}

/// Builds a model from pages given as (name, text), with no overrides.
fn build_pages(pages: &[(&str, &str)]) -> awsdoc_codegen::model::ServiceModel {
    let inputs = ServiceInputs {
        pages: pages.iter().map(|(n, t)| InputFile { name: n.to_string(), bytes: t.as_bytes().to_vec() }).collect(),
        descriptor: InputFile { name: "service.toml".into(), bytes: DESCRIPTOR.as_bytes().to_vec() },
        overrides: None,
        api: None,
        api_paginators: None,
        api_waiters: None,
        endpoint_rules: None,
    };
    build(&inputs).unwrap_or_else(|f| panic!("{}", f.render())).model
}

/// Thousands of small random edits of the seed pages (deterministic): inserted, deleted and
/// replaced characters, including markup characters and U+2028. Parsing and merging must report
/// or tolerate each, never panic.
#[test]
fn random_edits_never_panic() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seeds");
    let mut seeds: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    seeds.sort();
    let alphabet: Vec<char> = "*`:'\"|{}[](),-= \n\u{2028}\u{a0}aZ0".chars().collect();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = |n: usize| {
        // xorshift64*: a fixed sequence, so a failure reproduces.
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        (state.wrapping_mul(0x2545_F491_4F6C_DD1D) % n as u64) as usize
    };
    for (name, text) in &seeds {
        let chars: Vec<char> = text.chars().collect();
        for round in 0..700 {
            let mut c = chars.clone();
            for _ in 0..1 + round % 4 {
                let at = next(c.len());
                match next(3) {
                    0 => c.insert(at, alphabet[next(alphabet.len())]),
                    1 => {
                        c.remove(at);
                    }
                    _ => c[at] = alphabet[next(alphabet.len())],
                }
            }
            let mutated: String = c.into_iter().collect();
            let _ = parse(&mutated);
            if round % 50 == 0 {
                let inputs = ServiceInputs {
                    pages: vec![InputFile { name: name.clone(), bytes: mutated.into_bytes() }],
                    descriptor: InputFile { name: "service.toml".into(), bytes: DESCRIPTOR.as_bytes().to_vec() },
                    overrides: None,
                    api: None,
                    api_paginators: None,
                    api_waiters: None,
                    endpoint_rules: None,
                };
                let _ = build(&inputs);
            }
        }
    }
}

#[test]
fn boto3_examples_after_the_exceptions_become_json() {
    // boto3/application-autoscaling/client/delete_scaling_policy.rst (1.44.5), trimmed: the
    // exception list, then `**Examples**` with a call and its expected output. A second example
    // shows prose following the first one's output, and code that is not only literals.
    let tail = "  **Exceptions**\n\n  \n  *   :py:class:`ApplicationAutoScaling.Client.exceptions.ValidationException`\n\n  \n\n  \
                **Examples**\n\n  This example deletes a scaling policy for the Amazon ECS service called web-app.\n  ::\n\n    \
                response = client.delete_scaling_policy(\n        PolicyName='web-app-cpu-lt-25',\n        ServiceNamespace='ecs',\n    )\n    \n    print(response)\n\n  \n  \
                Expected Output:\n  ::\n\n    {\n        'ResponseMetadata': {\n            '...': '...',\n        },\n    }\n\n  \n  \
                A second example.\n  ::\n\n    response = client.delete_scaling_policy(PolicyName=name)\n\n";
    let page = client("delete_scaling_policy", "DeleteScalingPolicy", "", "", "dict\n") + tail;
    let Page::Client(c) = parse_ok(&page) else { panic!("client page") };
    assert_eq!(c.errors.len(), 1);
    assert_eq!(c.examples.len(), 2, "{:#?}", c.examples);
    let first = &c.examples[0];
    assert_eq!(first.language, "json");
    assert!(first.docs.starts_with("This example deletes"));
    let input: serde_json::Value = serde_json::from_str(&first.input).unwrap();
    assert_eq!(input, serde_json::json!({"PolicyName": "web-app-cpu-lt-25", "ServiceNamespace": "ecs"}));
    assert_eq!(first.output.as_deref(), Some("{}"));
    let second = &c.examples[1];
    assert_eq!((second.language.as_str(), second.output.as_deref()), ("python", None));
    assert_eq!(second.input, "response = client.delete_scaling_policy(PolicyName=name)");
}

/// A CLI page with `options` (its Options section body) for operation `op` of service `svc`.
fn cli(svc: &str, command: &str, op: &str, options: &str, output: &str) -> String {
    format!(
        "[ :ref:`aws <cli:aws>` . :ref:`{svc} <cli:aws {svc}>` ]\n\n****\n{command}\n****\n\n\
         ===========\nDescription\n===========\n\nDoes it.\n\n\
         See also: `AWS API Documentation <https://docs.aws.amazon.com/goto/WebAPI/{svc}-2012-08-10/{op}>`_\n\n\
         =======\nOptions\n=======\n\n{options}\n\n======\nOutput\n======\n\n{output}\n"
    )
}

#[test]
fn cli_recursion_markers_stand_for_the_enclosing_shape() {
    // cli/dynamodb/batch-execute-statement.rst (1.46.3 on botocore 1.44.5), trimmed:
    // AttributeValue's `M` map and `L` list recurse.
    let out = "Responses -> (list)\n\n  (structure)\n\n    Item -> (map)\n\n      key -> (string)\n\n      value -> (tagged union structure)\n\n        \
               S -> (string)\n\n          A String.\n\n        M -> (map)\n\n          An attribute of type Map.\n\n          key -> (string)\n\n          \
               ( ... recursive ... )\n\n        L -> (list)\n\n          An attribute of type List.\n\n          ( ... recursive ... )\n";
    let Page::Cli(c) = parse_ok(&cli("dynamodb", "batch-execute-statement", "BatchExecuteStatement", "", out)) else {
        panic!()
    };
    let value = &find(&c.output, "Responses").children[0].children[0].children[1];
    let m = find(&value.children, "M");
    assert_eq!(
        m.children.iter().map(|c| (c.role, c.recursive)).collect::<Vec<_>>(),
        [(Role::Key, false), (Role::Value, true)]
    );
    let l = find(&value.children, "L");
    assert!(l.children[0].recursive && l.children[0].role == Role::Item);
}

#[test]
fn cli_maps_with_a_displaced_key_or_no_key() {
    // cli/cognito-idp/create-identity-provider.rst: the key indented under the prose.
    let cognito = "``--provider-details`` (map)\n\n  The scopes, URLs, and identifiers.\n\n    OpenID Connect (OIDC)\n\n    key -> (string)\n\n      \n\n  \
                   value -> (string)\n\n    \n\n";
    let Page::Cli(c) = parse_ok(&cli("cognito-idp", "create-identity-provider", "CreateIdentityProvider", cognito, ""))
    else {
        panic!()
    };
    let roles: Vec<Role> = find(&c.input, "provider-details").children.iter().map(|c| c.role).collect();
    assert_eq!(roles, [Role::Key, Role::Value]);
    // cli/marketplacecommerceanalytics/generate-data-set.rst: no key entry at all.
    let mca = "``--customer-defined-values`` (map)\n\n  (Optional) Key-value pairs.\n\n  value -> (string)\n\n    \n\n";
    let Page::Cli(c) = parse_ok(&cli("marketplacecommerceanalytics", "generate-data-set", "GenerateDataSet", mca, ""))
    else {
        panic!()
    };
    assert_eq!(find(&c.input, "customer-defined-values").children.len(), 1);
}

/// awscli 1.18.0 (botocore 1.15.0's data) documents a top-level map option in prose and its
/// syntax blocks only, with no `key -> (...)`/`value -> (...)` entries: the map's entries are
/// left to boto3's page.
#[test]
fn cli_1_18_top_level_maps_in_prose_only() {
    // cli/ssm/send-command.rst (awscli 1.18.0), the option as rendered, byte for byte.
    let parameters = "``--parameters`` (map)\n\n\n  The required and optional parameters specified in the document being run.\n\n  \n\n\n\n\
                      Shorthand Syntax::\n\n    KeyName1=string,string,KeyName2=string,string\n\n\n\n\n\
                      JSON Syntax::\n\n  {\"string\": [\"string\", ...]\n    ...}\n\n\n\n\
                      ``--output-s3-region`` (string)\n\n\n  (Deprecated) You can no longer specify this parameter.\n\n  \n";
    let Page::Cli(c) = parse_ok(&cli("ssm", "send-command", "SendCommand", parameters, "")) else { panic!() };
    let map = find(&c.input, "parameters");
    assert_eq!((map.ty, map.children.len()), (DocType::Map, 0));
    assert!(map.docs.contains("The required and optional parameters"), "{}", map.docs);
    assert_eq!(find(&c.input, "output-s3-region").ty, DocType::String);
}

#[test]
fn possible_values_in_service_prose_are_documentation() {
    // cli/sagemaker/batch-reboot-cluster-nodes.rst: the service's own list, with descriptions.
    let out = "ErrorCode -> (string)\n\n  The error code.\n\n  Possible values:\n\n   \n\n   \n  * ``InstanceIdNotFound`` : The instance does not exist.\n   \n";
    let Page::Cli(c) = parse_ok(&cli("sagemaker", "batch-reboot-cluster-nodes", "BatchRebootClusterNodes", "", out))
    else {
        panic!()
    };
    let code = find(&c.output, "ErrorCode");
    assert_eq!(code.enum_values, None);
    assert!(code.docs.contains("Possible values:"), "{}", code.docs);
}

#[test]
fn boto3_document_members_and_idempotency_tokens() {
    // boto3/cognito-idp/client/create_managed_login_branding.rst: a document member's bullet is
    // not italic; boto3/athena/client/delete_named_query.rst: an idempotency token.
    let request = "        Branding={\n            'Settings': {...}|[...]|123|123.4|'string'|True|None\n        },\n        ClientToken='string'\n";
    let params = "  :type Branding: dict\n  :param Branding: \n\n    The branding.\n\n    - **Settings** (:ref:`document<document>`) -- \n\n      A JSON file.\n\n  \
                  :type ClientToken: string\n  :param ClientToken: **[REQUIRED]** \n\n    A unique token.\n\n    This field is autopopulated if not provided.\n\n";
    let page = parse_ok(&client("create_branding", "CreateBranding", request, params, "None"));
    let settings = &find(input(&page), "Branding").children[0];
    assert_eq!((settings.name.as_deref(), settings.ty), (Some("Settings"), DocType::Document));
    let token = find(input(&page), "ClientToken");
    assert!(token.idempotency_token && token.required == Some(true));
}

#[test]
fn sections_boto3_did_not_render_are_marked() {
    // boto3/glue/client/create_job.rst (1.44.5), trimmed: the placeholder for `**Parameters**`
    // sits inside the request syntax's literal block; the bare API link follows it.
    let page = ":doc:`Glue <../../glue>` / Client / create_job\n\n.. py:method:: Glue.Client.create_job(**kwargs)\n\n  Creates.\n\n  \
                See also: `AWS API Documentation <https://docs.aws.amazon.com/goto/WebAPI/glue-2017-03-31/CreateJob>`_\n\n\n  \
                **Request Syntax**\n  ::\n\n    response = client.create_job(\n        Name='string',\n        MaintenanceWindow='string'\n    )\n    \n\n    \
                **Parameters**\n    ::\n\n        # This section is too large to render.\n        # Please see the AWS API Documentation linked below.\n\n    \
                `AWS API Documentation <https://docs.aws.amazon.com/goto/WebAPI/glue-2017-03-31/CreateJob>`_\n\n\n    \n  \
                :rtype: dict\n  :returns: \n    \n    **Response Syntax**\n\n    \n    ::\n\n      {\n          'Name': 'string'\n      }\n      \n    \
                **Response Structure**\n\n    \n\n    - *(dict) --* \n      \n\n      - **Name** *(string) --* \n\n        The name.\n";
    let Page::Client(c) = parse_ok(page) else { panic!() };
    assert!(c.truncated.input && !c.truncated.output);
    assert_eq!(c.request_names, ["Name", "MaintenanceWindow"]);
    assert_eq!(c.operation.as_deref(), Some("CreateJob"));
    assert_eq!(c.output.unwrap().children.len(), 1);
}

#[test]
fn a_request_syntax_boto3_did_not_render_marks_the_input() {
    // boto3/lexv2-models/client/create_intent.rst (1.44.5), trimmed: the request syntax itself
    // is the placeholder, so the wire names must come from elsewhere (the service model).
    let page = ":doc:`LexModelsV2 <../../lexv2-models>` / Client / create_intent\n\n.. py:method:: LexModelsV2.Client.create_intent(**kwargs)\n\n  Creates.\n\n  \
                See also: `AWS API Documentation <https://docs.aws.amazon.com/goto/WebAPI/models.lex.v2-2020-08-07/CreateIntent>`_  \n\n\n    \
                **Request Syntax**\n    ::\n\n        # This section is too large to render.\n        # Please see the AWS API Documentation linked below.\n\n    \
                `AWS API Documentation <https://docs.aws.amazon.com/goto/WebAPI/models.lex.v2-2020-08-07/CreateIntent>`_\n\n    \
                **Parameters**\n    ::\n\n        # This section is too large to render.\n        # Please see the AWS API Documentation linked below.\n\n  \
                :rtype: dict\n  :returns: \n    \n    **Response Syntax**\n\n    \n    ::\n\n      {\n          'intentId': 'string'\n      }\n      \n    \
                **Response Structure**\n\n    \n\n    - *(dict) --* \n      \n\n      - **intentId** *(string) --* \n\n        The id.\n";
    let Page::Client(c) = parse_ok(page) else { panic!() };
    assert!(c.truncated.input && !c.truncated.output);
    assert!(c.request_names.is_empty());
    assert_eq!(c.operation.as_deref(), Some("CreateIntent"));
}

#[test]
fn boto3_parameter_aliases_keep_the_wire_name_and_cli_renames_pair_up() {
    // boto3/logs/client/create_export_task.rst documents `fromTime`; the wire (and the CLI page,
    // `--from`) says `from`. cli/stepfunctions/send-task-success.rst renames `output` to
    // `--task-output`. Both trimmed.
    let request = "        fromTime=123,\n        output='string'\n";
    let params = "  :type fromTime: integer\n  :param fromTime: **[REQUIRED]** \n\n    The start time.\n\n  \
                  :type output: string\n  :param output: **[REQUIRED]** \n\n    The output.\n\n";
    let b3 = client("create_export_task", "CreateExportTask", request, params, "None");
    let options = "``--from`` (long)\n\n\n  The start time.\n\n``--task-output`` (string)\n\n\n  The output.\n\n";
    let c = cli("logs", "create-export-task", "CreateExportTask", options, "")
        .replace("Options\n=======\n\n", "Synopsis\n========\n\n::\n\n    create-export-task\n  --from <value>\n  --task-output <value>\n\n=======\nOptions\n=======\n\n");
    let m = build_pages(&[("boto3/client/op.rst", &b3), ("cli/op.rst", &c)]);
    let input = &m.operations["CreateExportTask"].input;
    let names: Vec<(&str, String)> = input.iter().map(|m| (m.name.as_str(), m.ty.to_string())).collect();
    assert_eq!(names, [("from", "long".to_string()), ("output", "string".to_string())]);
    assert!(input[0].docs.contains("boto3 calls this parameter ``fromTime``"), "{}", input[0].docs);
}

/// boto3 1.26.81 (with botocore 1.29.81) pages, byte for byte: no breadcrumb, the title first and
/// a directive without the `SSM.Client.` prefix.
#[test]
fn boto3_1_26_81_pages_without_a_breadcrumb() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/boto3-1.26.81");
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    let Page::Client(c) = parse_ok(&read("delete_parameter.rst")) else { panic!("a client page") };
    assert_eq!((c.method.as_str(), c.operation.as_deref()), ("delete_parameter", Some("DeleteParameter")));
    assert_eq!(find(&c.input, "Name").required, Some(true));
    assert_eq!(
        c.errors.iter().map(|e| e.name.as_str()).collect::<Vec<_>>(),
        ["InternalServerError", "ParameterNotFound"]
    );
    let Page::Paginator(p) = parse_ok(&read("DescribeActivations.rst")) else { panic!("a paginator page") };
    assert_eq!((p.name.as_str(), p.method.as_str()), ("DescribeActivations", "describe_activations"));
}

#[test]
fn cli_customisation_commands_are_not_operations() {
    // cli/logs/start-live-tail.rst (1.46.3), trimmed: awscli's own command, no API link.
    let page = "[ :ref:`aws <cli:aws>` . :ref:`logs <cli:aws logs>` ]\n\n.. meta::\n   :description: Use the AWS CLI 1.46.3 to run the logs start-live-tail command.\n\n\n\n\
                .. _cli:aws logs start-live-tail:\n\n\n***************\nstart-live-tail\n***************\n\n\n\n\
                ===========\nDescription\n===========\n\nStarts a Live Tail streaming session for one or more log groups.\n\n";
    let Page::Cli(c) = parse_ok(page) else { panic!("a CLI page") };
    assert_eq!(c.operation, None);
}

#[test]
fn event_stream_members_are_left_out_with_a_warning_and_a_note() {
    // boto3/logs/client/start_live_tail.rst (1.44.5), trimmed: the output is an event stream.
    let request = "        logGroupIdentifiers=[\n            'string',\n        ]\n";
    let params = "  :type logGroupIdentifiers: list\n  :param logGroupIdentifiers: **[REQUIRED]** \n\n    The groups.\n\n    - *(string) --* \n\n";
    let returns = "dict\n    \n    **Response Syntax**\n\n    \n    ::\n\n      {\n          'responseStream': EventStream({\n              'sessionStart': {\n                  'requestId': 'string'\n              }\n          })\n      }\n      \n    \
                   **Response Structure**\n\n    \n\n    - *(dict) --* \n      \n\n      - **responseStream** (:class:`.EventStream`) -- \n\n        The stream.\n";
    let page = client("start_live_tail", "StartLiveTail", request, params, returns);
    let inputs = ServiceInputs {
        pages: vec![InputFile { name: "start_live_tail.rst".into(), bytes: page.into_bytes() }],
        descriptor: InputFile { name: "service.toml".into(), bytes: DESCRIPTOR.as_bytes().to_vec() },
        overrides: None,
        api: None,
        api_paginators: None,
        api_waiters: None,
        endpoint_rules: None,
    };
    let lowered = build(&inputs).unwrap_or_else(|f| panic!("{}", f.render()));
    let op = &lowered.model.operations["StartLiveTail"];
    assert!(op.output.is_empty());
    assert!(op.docs.contains("The output member ``responseStream`` is not generated"), "{}", op.docs);
    assert!(lowered.model.left_out.contains_key("member responseStream of StartLiveTailOutput"));
    assert!(
        lowered.warnings[0].contains("warning: member responseStream of StartLiveTailOutput is left out"),
        "{:?}",
        lowered.warnings
    );
}

#[test]
fn awscli_alias_commands_are_one_operation() {
    // cli/cloudwatch/get-otel-enrichment.rst and get-o-tel-enrichment.rst: one operation, two names.
    let b3 = client("get_o_tel_enrichment", "GetOTelEnrichment", "", "", "None");
    let page = |command: &str| cli("monitoring", command, "GetOTelEnrichment", "", "");
    let (a, b) = (page("get-o-tel-enrichment"), page("get-otel-enrichment"));
    let m = build_pages(&[("boto3/client/op.rst", &b3), ("cli/a.rst", &a), ("cli/b.rst", &b)]);
    assert!(m.operations.contains_key("GetOTelEnrichment"));
}

/// boto3 before 1.26.81 wrote one page per service. An excerpt of SSM's from boto3 1.20.0 (with
/// botocore 1.23.0), byte for byte in runs: the header and client class, `can_paginate`,
/// `delete_parameter`, the paginator list and `DescribeActivations`, the waiter section.
#[test]
fn boto3_1_20_0_single_service_page() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/boto3-1.20.0");
    let text = std::fs::read_to_string(dir.join("ssm-service-excerpt.rst")).unwrap();
    let src = SourceFile::new("service.rst", text.as_str());
    let mut diags = Vec::new();
    let pages = rst::parse_pages(FileId(0), &src, &mut diags);
    assert!(diags.is_empty(), "{diags:#?}");
    let kinds: Vec<String> = pages
        .iter()
        .map(|p| match p {
            Page::Client(c) => format!("client {} {:?}", c.method, c.operation),
            Page::Paginator(p) => format!("paginator {} {}", p.name, p.method),
            Page::Waiter(w) => format!("waiter {} {} {}x{}", w.name, w.method, w.delay, w.max_attempts),
            Page::Cli(_) => "cli".into(),
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "client can_paginate None",
            "client delete_parameter Some(\"DeleteParameter\")",
            "paginator DescribeActivations describe_activations",
            "waiter CommandExecuted get_command_invocation 5x20",
        ]
    );
    let Page::Client(c) = &pages[1] else { unreachable!() };
    assert_eq!(find(&c.input, "Name").required, Some(true));
    assert_eq!(
        c.errors.iter().map(|e| e.name.as_str()).collect::<Vec<_>>(),
        ["InternalServerError", "ParameterNotFound"]
    );
    // Built, the excerpt's only complaints are the methods it leaves out, each located.
    let inputs = ServiceInputs {
        pages: vec![InputFile { name: "boto3/service.rst".into(), bytes: text.into_bytes() }],
        descriptor: InputFile { name: "service.toml".into(), bytes: DESCRIPTOR.as_bytes().to_vec() },
        overrides: None,
        api: None,
        api_paginators: None,
        api_waiters: None,
        endpoint_rules: None,
    };
    let Err(failure) = build(&inputs) else { panic!("the excerpt lacks two methods") };
    let headlines: Vec<String> = failure.diagnostics.iter().map(|d| d.headline(&failure.sources)).collect();
    assert_eq!(
        headlines,
        [
            "boto3/service.rst:690:1: paginator `DescribeActivations` pages through `describe_activations`, which has no client page",
            "boto3/service.rst:956:1: waiter `CommandExecuted` polls `get_command_invocation`, which has no client page",
        ]
    );
}

#[test]
fn parameters_boto3_fills_itself_are_not_in_the_request_syntax() {
    // boto3/glacier/client/upload_archive.rst (1.44.5), trimmed: `accountId` (set to "-") and
    // `checksum` (computed) are documented but left out of the request syntax.
    let request = "        vaultName='string'\n";
    let params = "  :type vaultName: string\n  :param vaultName: **[REQUIRED]** \n\n    The name of the vault.\n\n  \
                  :type accountId: string\n  :param accountId: \n\n    The account.\n\n        Note: this parameter is set to \"-\" bydefault if no value is not specified.\n\n  \
                  :type checksum: string\n  :param checksum: \n\n    The tree hash.\n\n        Please note that this parameter is automatically populated if it is not provided. Including this parameter is not required\n\n";
    let page = parse_ok(&client("upload_archive", "UploadArchive", request, params, "None"));
    let account = find(input(&page), "accountId");
    assert_eq!((account.client_default.as_deref(), account.required), (Some("-"), Some(false)));
    assert_eq!(find(input(&page), "checksum").client_default, None);
}
