using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace RnnCodegen.Generator.Tests.Infrastructure;

/// <summary>
/// Looks through an object graph for what must never be cached by an incremental generator: symbols, syntax and
/// compilations are tied to one compilation, so holding them keeps it alive and defeats value equality.
/// </summary>
internal static class ForbiddenReferences
{
    private static readonly Type[] Forbidden = [typeof(ISymbol), typeof(Compilation), typeof(SyntaxNode), typeof(SyntaxTree), typeof(SemanticModel)];

    /// <summary>The path to the first forbidden object reachable through fields from <paramref name="root"/>, or null.</summary>
    public static string? Find(object? root, string rootName)
    {
        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<(object? Value, string Path)>();
        pending.Push((root, rootName));
        while (pending.Count > 0)
        {
            (object? value, string path) = pending.Pop();
            if (value is null)
            {
                continue;
            }

            Type type = value.GetType();
            if (Array.Find(Forbidden, forbidden => forbidden.IsAssignableFrom(type)) is Type found)
            {
                return $"{path} is a {found.Name} ({type.FullName})";
            }

            if (IsLeaf(type) || !visited.Add(value))
            {
                continue;
            }

            if (value is Array array)
            {
                int index = 0;
                foreach (object? element in array)
                {
                    pending.Push((element, $"{path}[{index++}]"));
                }

                continue;
            }

            foreach (FieldInfo field in InstanceFields(type))
            {
                pending.Push((field.GetValue(value), $"{path}.{field.Name}"));
            }
        }

        return null;
    }

    /// <summary>Values that cannot lead anywhere forbidden; reflection objects are skipped rather than walked into the runtime.</summary>
    private static bool IsLeaf(Type type) =>
        type.IsPrimitive || type.IsEnum || type.IsPointer || type == typeof(string) || type == typeof(decimal)
        || typeof(MemberInfo).IsAssignableFrom(type) || typeof(Assembly).IsAssignableFrom(type);

    private static IEnumerable<FieldInfo> InstanceFields(Type type)
    {
        for (Type? current = type; current is not null; current = current.BaseType)
        {
            foreach (FieldInfo field in current.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly).Where(field => !field.FieldType.IsByRefLike))
            {
                yield return field;
            }
        }
    }
}
