using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Emit;

namespace RnnCodegen.Generator.Tests.Infrastructure;

/// <summary>Compiles emitted source that wraps a piece of a kernel into an assembly a test can call.</summary>
internal static class ProbeAssembly
{
    public static Assembly Compile(string source, string name)
    {
        Compilation compilation = TestCompilation.Create(TestCompilation.Parse(source, "Probe.cs"));
        using var image = new MemoryStream();
        EmitResult result = compilation.Emit(image);
        IEnumerable<Diagnostic> errors = result.Diagnostics.Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error);
        Assert.True(result.Success, string.Join('\n', errors));
        image.Position = 0;
        return new AssemblyLoadContext(name).LoadFromStream(image);
    }
}
