// Checks the front-matter of the content files against the JSON Schemas in schemas/ while you type
// (VS Code: the extension unifiedjs.vscode-remark, after `npm install`). Write the schemas again
// with `journeys schema --force` after changing the currencies or phases in mkdocs.yml.
import remarkFrontmatter from "remark-frontmatter";
import remarkLintFrontmatterSchema from "remark-lint-frontmatter-schema";

export default {
  plugins: [
    remarkFrontmatter,
    [remarkLintFrontmatterSchema, {
      schemas: {
        "./schemas/persona.schema.json": ["personas/*.md"],
        "./schemas/touchpoint.schema.json": ["touchpoints/*.md"],
        "./schemas/journey.schema.json": ["journeys/*/index.md"],
        "./schemas/phase.schema.json": ["journeys/*/!(index).md"],
      },
    }],
  ],
};
