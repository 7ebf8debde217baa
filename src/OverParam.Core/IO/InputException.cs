namespace OverParam.IO;

/// <summary>
/// Bad input from the user: a file, an option or a spec. The message is one line that names the source (file, line or
/// index) and what was expected; the command-line tool prints it and exits with code 2.
/// </summary>
public class InputException(string message) : Exception(message)
{
    /// <summary>A problem located in a file: "FILE: WHERE: WHAT".</summary>
    public static InputException InFile(string file, string where, string what) =>
        new(where.Length == 0 ? $"{file}: {what}" : $"{file}: {where}: {what}");
}
