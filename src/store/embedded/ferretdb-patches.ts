// The patch drec applies to FerretDB when it builds the embedded database (see build.ts): each replacement
// must match its file exactly once, or the build fails. FerretDB is not vendored; build.ts writes the
// patched files next to the binary cache and points `go build -overlay` at them.
//
// The patch makes point reads and writes by `_id` use the unique `_id` index of FerretDB 1.24's SQLite
// backend; unpatched, every one of them scans the collection (bench/FINDINGS.md: an update by `_id` at
// 100,000 documents takes 461 ms instead of ~2 ms). It also stops an `update` command of many
// statements from exhausting the SQLite connection pool (msg_update.go below), which hung FerretDB.

/** The FerretDB module the patch is written against; src/store/embedded/wrapper/go.mod must require this version. */
export const FERRETDB_MODULE = "github.com/FerretDB/FerretDB";
export const FERRETDB_VERSION = "v1.24.2";

/** One exact text replacement. */
export interface Replacement {
  /** Why the change is needed (documentation only). */
  why: string;
  /** Text that must occur exactly once in the file. */
  find: string;
  replace: string;
}

/** The replacements of one file of the FerretDB module. */
export interface FilePatch {
  /** Path inside the module, with forward slashes. */
  file: string;
  replacements: Replacement[];
}

// The two blocks in collection.go that decide the WHERE clause; identical but for Explain's flag.
const QUERY_PUSHDOWN = `	if params.Filter.Len() == 1 {
		v, _ := params.Filter.Get("_id")
		switch v.(type) {
		case string, types.ObjectID:
			whereClause = fmt.Sprintf(\` WHERE %s = ?\`, metadata.IDColumn)
			args = []any{string(must.NotFail(sjson.MarshalSingleValue(v)))}
		}
	}
`;

const EXPLAIN_PUSHDOWN = `	if params.Filter.Len() == 1 {
		v, _ := params.Filter.Get("_id")
		switch v.(type) {
		case string, types.ObjectID:
			filterPushdown = true
			whereClause = fmt.Sprintf(\` WHERE %s = ?\`, metadata.IDColumn)
			args = []any{string(must.NotFail(sjson.MarshalSingleValue(v)))}
		}
	}
`;

// Go added to collection.go. It only narrows what SQLite returns: every handler that calls Query
// (find, getMore, count, distinct, aggregate, update, findAndModify, delete) filters the rows again with
// the whole filter (common.FilterIterator / FilterDocument), and top-level filter keys are ANDed, so a
// condition on one top-level `_id` key is implied by the filter and safe to push down. The same holds
// for drec's `repository` key, with one assumption: in MongoDB {repository: "a"} also matches a
// document whose `repository` is an array holding "a", which the SQL comparison would miss. drec's
// documents always keep their repository's name there as a string (src/store/models), and nothing
// but drec uses the embedded database.
const ID_PUSHDOWN_FUNC = `
// drecIDPushdown returns a WHERE clause implied by filter that SQLite answers from an index, or "" if
// there is none: {_id: <string or ObjectID>, ...other keys} or {_id: {$in: [<strings or ObjectIDs>]},
// ...other keys} from the unique _id index; failing that, {repository: <string>, ...} or
// {repository: {$in: [<strings>]}, ...} from drec's indexes that start with repository. Other keys are
// left to the handler, which filters the rows again.
// Added by drec's build (src/store/embedded/ferretdb-patches.ts).
func drecIDPushdown(filter *types.Document) (string, []any) {
	if where, args := drecKeyPushdown(filter, "_id", metadata.IDColumn, true); where != "" {
		return where, args
	}

	// the expression of drec's {repository: 1, ...} indexes (registry.go, indexesCreate)
	return drecKeyPushdown(filter, "repository", metadata.DefaultColumn+"->\\"repository\\"", false)
}

// drecKeyPushdown pushes down one top-level key compared with a string (or an ObjectID if objectIDs),
// or with $in of those, as a comparison of column.
func drecKeyPushdown(filter *types.Document, key, column string, objectIDs bool) (string, []any) {
	pushable := func(v any) bool {
		switch v.(type) {
		case string:
			return true
		case types.ObjectID:
			return objectIDs
		default:
			return false
		}
	}

	keys, values := filter.Keys(), filter.Values()
	for i, k := range keys {
		if k != key {
			continue
		}

		if pushable(values[i]) {
			return fmt.Sprintf(" WHERE %s = ?", column), []any{string(must.NotFail(sjson.MarshalSingleValue(values[i])))}
		}

		v, ok := values[i].(*types.Document)
		if !ok || v.Len() != 1 || v.Keys()[0] != "$in" {
			continue
		}

		in, ok := v.Values()[0].(*types.Array)
		// an empty $in matches nothing; very long ones would exceed SQLite's bound-parameter limit
		if !ok || in.Len() == 0 || in.Len() > 10000 {
			continue
		}

		placeholders := make([]string, in.Len())
		args := make([]any, in.Len())
		all := true

		for j := 0; j < in.Len() && all; j++ {
			e := must.NotFail(in.Get(j))
			if all = pushable(e); all {
				placeholders[j] = "?"
				args[j] = string(must.NotFail(sjson.MarshalSingleValue(e)))
			}
		}

		if all {
			return fmt.Sprintf(" WHERE %s IN (%s)", column, strings.Join(placeholders, ", ")), args
		}
	}

	return "", nil
}

// check interfaces
`;

/** The patch; applied in order. */
export const FERRETDB_PATCHES: FilePatch[] = [
  {
    file: "internal/handler/msg_update.go",
    replacements: [
      {
        why:
          "The update command deferred each statement's iterator Close() inside its loop over the " +
          "statements, so every statement kept one of the SQLite pool's connections until the whole " +
          "command ended: a command of 100 or more statements waited for a connection forever and hung " +
          "FerretDB for every client. Close each statement's iterator once it is done instead.",
        find: "\t\tcloser := iterator.NewMultiCloser()\n\t\tdefer closer.Close()\n",
        replace: "\t\tcloser := iterator.NewMultiCloser()\n",
      },
      {
        why: "Nothing returns between the iterator's creation and this call, so every path closes it.",
        find: '\t\tresult, err := common.UpdateDocument(ctx, c, "update", iter, &u)\n',
        replace:
          '\t\tresult, err := common.UpdateDocument(ctx, c, "update", iter, &u)\n\t\tcloser.Close() // drec\n',
      },
    ],
  },
  {
    file: "internal/backends/sqlite/metadata/metadata.go",
    replacements: [
      {
        why:
          'The unique _id index is created on `_ferretdb_sjson->"_id"` (registry.go, indexesCreate), but ' +
          "queries, UpdateAll and DeleteAll compare `_ferretdb_sjson->'$._id'`. Both yield the same value, " +
          "but SQLite uses an expression index only for the identical expression, so every _id lookup " +
          "scanned the table. Use the index's expression.",
        find: `IDColumn = DefaultColumn + "->'$._id'"`,
        replace: `IDColumn = DefaultColumn + "->\\"_id\\""`,
      },
    ],
  },
  {
    file: "internal/handler/common/update.go",
    replacements: [
      {
        why:
          "updateMany wrote each modified document in a transaction of its own (0.7-2.8 ms each); drec " +
          "marks a whole batch of ledger entries applied with one updateMany. Collect the documents and " +
          "write them with one UpdateAll, which is one transaction (findAndModify keeps its single write).",
        find: "\tresult := new(UpdateResult)\n",
        replace:
          "\tresult := new(UpdateResult)\n\tvar drecModified []*types.Document // written together, see below\n",
      },
      {
        why: "Write the collected documents once the iterator is done (no upsert happens after a match).",
        find: "\t\t\tif !upsert {\n\t\t\t\treturn result, nil\n\t\t\t}\n",
        replace:
          "\t\t\tif !upsert {\n" +
          "\t\t\t\tif len(drecModified) > 0 {\n" +
          "\t\t\t\t\tif _, err = c.UpdateAll(ctx, &backends.UpdateAllParams{Docs: drecModified}); err != nil {\n" +
          "\t\t\t\t\t\treturn nil, lazyerrors.Error(err)\n" +
          "\t\t\t\t\t}\n" +
          "\t\t\t\t}\n" +
          "\t\t\t\treturn result, nil\n" +
          "\t\t\t}\n",
      },
      {
        why: "Collect instead of writing at once, except for findAndModify, which returns the written document.",
        find: "\t\t} else if modified {\n",
        replace:
          "\t\t} else if modified && !isFindAndModify {\n" +
          "\t\t\tdrecModified = append(drecModified, doc)\n" +
          "\t\t\tresult.Modified.Count++\n" +
          "\t\t} else if modified {\n",
      },
    ],
  },
  {
    file: "internal/backends/sqlite/collection.go",
    replacements: [
      {
        why:
          "Query pushed down only a filter that is exactly {_id: value}; drec's writes filter on _id plus " +
          "other fields (or {_id: {$in}}). Push down the _id part whenever there is one, else a " +
          "repository name (credit lookups, deletes and reads of one repository's tags and digests), " +
          "which drec's {repository: 1, ...} indexes answer.",
        find: QUERY_PUSHDOWN,
        replace: "\twhereClause, args = drecIDPushdown(params.Filter)\n",
      },
      {
        why: "Explain must build the same WHERE clause as Query and report it as filterPushdown.",
        find: EXPLAIN_PUSHDOWN,
        replace:
          '\twhereClause, args = drecIDPushdown(params.Filter)\n\tfilterPushdown = whereClause != ""\n',
      },
      {
        why: "The helper both use, added before the file's trailing interface check.",
        find: "\n// check interfaces\n",
        replace: ID_PUSHDOWN_FUNC,
      },
    ],
  },
];

/** Applies one file's replacements; throws unless each `find` occurs exactly once. */
export function applyPatch(patch: FilePatch, original: string): string {
  let text = original;
  for (const r of patch.replacements) {
    const count = text.split(r.find).length - 1;
    if (count !== 1)
      throw new Error(
        `cannot patch FerretDB ${FERRETDB_VERSION} ${patch.file}: the text to replace occurs ${count} times ` +
          `(expected once); update src/store/embedded/ferretdb-patches.ts.\nwhy: ${r.why}\ntext:\n${r.find}`,
      );
    text = text.replace(r.find, () => r.replace);
  }
  return text;
}
