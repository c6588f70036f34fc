package cli

import (
	"strings"

	"github.com/spf13/cobra"

	"dll/internal/diag"
	"dll/internal/portfolio"
	"dll/internal/schema"
)

// SchemaOptions are the settings of dll schema.
type SchemaOptions struct {
	Env  Env
	Kind string
}

// NewCmdSchema returns dll schema. runF replaces the work in tests.
func NewCmdSchema(env Env, runF func(*SchemaOptions) error) *cobra.Command {
	opts := &SchemaOptions{Env: env}
	cmd := &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema of an entry or of dll.yaml, for editors",
		Long: `Print the JSON Schema (draft 2020-12) of an entry (--kind entry) or of
dll.yaml (--kind portfolio). Editors with a YAML language server, such as
VS Code with the YAML extension, use it to check keys and values as you type.

dll init writes both into the portfolio's .dll/ folder, and every file dll
writes names its schema on its first line of YAML, with a path relative to
the file:

  # yaml-language-server: $schema=../../.dll/entry.schema.json

Inside a portfolio, the schema includes the values its model.yaml adds.
After changing model.yaml, write it again:

  dll schema --kind entry > .dll/entry.schema.json

The schema checks each key and value; dll validate also checks the rules that
involve several fields or files (dates in order, evidence files, consent).`,
		Example: `  dll schema --kind entry > .dll/entry.schema.json
  dll schema --kind portfolio > .dll/portfolio.schema.json`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usageErrorf("dll schema takes no arguments, only --kind entry or --kind portfolio; found: %s", strings.Join(args, " "))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Kind != schema.KindEntry && opts.Kind != schema.KindPortfolio {
				return usageErrorf("--kind takes %s, not %q", strings.Join(schema.Kinds, " or "), opts.Kind)
			}
			if runF != nil {
				return runF(opts)
			}
			return schemaRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Kind, "kind", schema.KindEntry, "which schema: entry or portfolio (dll.yaml)")
	_ = cmd.RegisterFlagCompletionFunc("kind", fixedCompletion(schema.Kinds...))
	cmd.ValidArgsFunction = cobra.NoFileCompletions
	return cmd
}

func schemaRun(opts *SchemaOptions) error {
	m := portfolio.Builtin()
	if root, err := findPortfolio(opts.Env, ""); err == nil {
		var diags diag.List
		m, diags = loadModelDiags(root)
		warnModel(opts.Env.Err, diags)
	}
	s, err := schema.Of(opts.Kind, m)
	if err != nil {
		return usageErrorf("%s", err)
	}
	_, err = opts.Env.Out.Write(schema.Marshal(s))
	return err
}
