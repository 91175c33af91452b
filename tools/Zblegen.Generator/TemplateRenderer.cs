using Scriban;
using Scriban.Runtime;
using Scriban.Syntax;
using Zblegen.Core;

namespace Zblegen.Generator;

/// <summary>
/// Renders one Scriban template against a model. Parse and runtime errors become one line
/// templates/NAME:LINE:COL: message; undefined variables are errors, not empty text.
/// </summary>
public sealed class TemplateRenderer
{
    private readonly ScriptObject _model;

    public TemplateRenderer(object model, IReadOnlyDictionary<string, object>? extras = null)
    {
        _model = new ScriptObject();
        _model.Import(model, renamer: StandardMemberRenamer.Default);
        foreach (var (name, value) in extras ?? new Dictionary<string, object>())
        {
            var obj = new ScriptObject();
            obj.Import(value, renamer: StandardMemberRenamer.Default);
            _model[name] = obj;
        }
    }

    public string Render(TemplateFile file)
    {
        var text = File.ReadAllText(file.Path);
        var template = Template.Parse(text, file.Name);
        if (template.HasErrors)
        {
            var first = template.Messages.First(m => m.Type == Scriban.Parsing.ParserMessageType.Error);
            throw new ZblegenException($"templates/{file.Name}:{first.Span.Start.Line + 1}:{first.Span.Start.Column + 1}: {first.Message}; fix the template");
        }
        var context = new TemplateContext
        {
            StrictVariables = true,
            EnableRelaxedMemberAccess = false,
            NewLine = "\n",
            TemplateLoader = null,
            LoopLimit = 100_000,
        };
        context.PushGlobal(_model);
        try
        {
            var output = template.Render(context);
            return output.Replace("\r\n", "\n");
        }
        catch (ScriptRuntimeException e)
        {
            throw new ZblegenException($"templates/{file.Name}:{e.Span.Start.Line + 1}:{e.Span.Start.Column + 1}: {e.OriginalMessage}; fix the template or the model it reads");
        }
    }
}
