from django.shortcuts import get_object_or_404, render

from catalog.models import AITool, Controversy, Person, Production, Source, Stage, Studio


def home(request):
    sections = [
        ("Productions", Production.objects.all()),
        ("Studios", Studio.objects.all()),
        ("AI tools", AITool.objects.all()),
        ("Controversies", Controversy.objects.all()),
        ("People", Person.objects.all()),
        ("Sources", Source.objects.all()),
        ("Stages", Stage.objects.all()),
    ]
    return render(request, "catalog/home.html", {"sections": sections})


def _detail(model):
    def view(request, slug):
        record = get_object_or_404(model, slug=slug)
        return render(request, "catalog/record.html", {"record": record})

    return view


production_detail = _detail(Production)
studio_detail = _detail(Studio)
tool_detail = _detail(AITool)
controversy_detail = _detail(Controversy)
person_detail = _detail(Person)
source_detail = _detail(Source)
stage_detail = _detail(Stage)
